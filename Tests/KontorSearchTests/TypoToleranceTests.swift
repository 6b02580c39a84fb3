import Testing
@testable import KontorSearch

@Suite("Typo tolerance")
struct TypoToleranceTests {
    let index = SearchIndex(documents: [
        article("password", title: "Cambiar la contraseña", body: "Elige una contraseña segura."),
        article("payment", title: "Formas de pago", body: "Aceptamos tarjeta y transferencia."),
        article("subscription", title: "Cancelar la suscripción", body: "Puedes cancelar cuando quieras."),
        article("invoice", title: "Descargar una factura", body: "Las facturas están en tu panel."),
    ])

    @Test("Missing accents, wrong accents and swapped letters all find “contraseña”",
          arguments: ["contraseña", "contrasena", "CONTRASEÑA", "contraséña", "contrsaeña", "contraseÑas", "contrasenia"])
    func misspelledPasswordIsFound(query: String) {
        #expect(index.ids(query).first == "password")
    }

    @Test("Words of 5 to 8 letters forgive one typo")
    func oneTypoFromFiveLetters() {
        #expect(index.ids("factira") == ["invoice"])  // 7 letters, 1 substitution
        #expect(index.ids("tarjta") == ["payment"])   // 6 letters, 1 deletion
    }

    @Test("Words of 5 to 8 letters do not forgive two typos")
    func noSecondTypoBelowNineLetters() {
        #expect(index.ids("fcaturq").isEmpty)
    }

    @Test("Words shorter than 5 letters must be spelled right")
    func noTypoBelowFiveLetters() {
        #expect(index.ids("pago") == ["payment"])
        #expect(index.ids("pagi").isEmpty)
        #expect(index.ids("pagi ").isEmpty)
    }

    @Test("Words of 9 letters or more forgive two typos, including swaps")
    func twoTyposFromNineLetters() {
        #expect(index.ids("suscrpicoin") == ["subscription"])  // 2 transpositions
        #expect(index.ids("transferensya") == ["payment"])    // 2 substitutions
    }

    @Test("A query word not in the index reports the correction used")
    func correctionsAreReported() {
        let results = index.search("contrsaeña", language: .es)
        #expect(results.correctedTerms == ["contrsaeña": "contraseña"])
        #expect(results.hits.first?.matchedExactly == false)
        #expect(index.search("contraseña", language: .es).correctedTerms.isEmpty)
        #expect(index.search("contraseña", language: .es).hits.first?.matchedExactly == true)
    }

    @Test("A real word the guides lack is what the customer meant: it is not corrected into an indexed word; a misspelling still is")
    func realWordsAreNotCorrected() {
        // "fractura" is Spanish (a fracture), one letter from "factura": before Hunspell it found the invoice guide.
        let results = index.search("fractura", language: .es)
        #expect(results.hits.isEmpty && results.correctedTerms.isEmpty)
        #expect(index.ids("factira") == ["invoice"], "not a word: still a typo")
        // A real word beside words the guides have: the guide still matches on those.
        #expect(index.ids("descargar factura rápidamente").first == "invoice")
    }

    @Test("Every language of the help center has its dictionary, and German nouns are known in lower case too",
          arguments: [(SearchLanguage.es, "alquilar", "alquiilar"), (.fr, "louer", "loeur"), (.en, "rent", "rnet"),
                      (.de, "rechnung", "rechnnung"), (.it, "affittare", "afittare")])
    func dictionaries(language: SearchLanguage, word: String, misspelled: String) throws {
        let dictionary = try #require(SpellingDictionary.of(language), "hunspell dictionary of \(language) installed (.ci/run installs it)")
        #expect(dictionary.knows(word))
        #expect(!dictionary.knows(misspelled))
    }

    @Test("A corrected match ranks below an exact match")
    func correctionsRankBelowExactMatches() {
        // Words no dictionary knows, one letter apart: each is a possible typo of the other.
        let index = SearchIndex(documents: [
            article("webmailor", .en, title: "Fix the webmailor", body: "Steps to take."),
            article("webmailer", .en, title: "Fix the webmailer", body: "Steps to take."),
        ])
        #expect(index.ids("webmailer", language: .en) == ["webmailer", "webmailor"])
        #expect(index.ids("webmailor", language: .en) == ["webmailor", "webmailer"])
    }

    @Test("A word spelled right is not corrected into its neighbour: Konto is not Kontor, login is not logic")
    func rightlySpelledWordsAreNotCorrected() throws {
        try #require(SpellingDictionary.of(.de) != nil && SpellingDictionary.of(.en) != nil, "hunspell dictionaries installed (.ci/run installs them)")
        let index = SearchIndex(documents: [
            article("kontor", .de, title: "Ihr Kontor", body: "Die Konsole heisst Kontor."),
            article("konto", .de, title: "Ihr Konto schliessen", body: "So schliessen Sie das Konto."),
            article("logic", .en, title: "Fix the logic", body: "Steps to take."),
            article("login", .en, title: "Fix the login", body: "Steps to take."),
        ])
        // (A trailing space: the word is typed to its end, so it is not completed into "Kontor" either.)
        #expect(index.ids("Konto ", language: .de) == ["konto"])
        #expect(index.ids("login", language: .en) == ["login"])
        // A misspelling is still corrected.
        #expect(index.ids("loginn ", language: .en) == ["login"])
    }

    @Test("Distance counts a swap of neighbouring letters as one edit")
    func damerauLevenshteinDistance() {
        func distance(_ a: String, _ b: String) -> Int {
            EditDistance.damerauLevenshtein(Array(a.unicodeScalars), Array(b.unicodeScalars), maximum: 3)
        }
        #expect(distance("contrasena", "contrsaena") == 1)
        #expect(distance("factura", "factira") == 1)
        #expect(distance("factura", "fcaturq") == 2)
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("abc", "abc") == 0)
        #expect(distance("abc", "wxyzabc") == 4, "beyond the maximum it reports maximum + 1")
    }
}
