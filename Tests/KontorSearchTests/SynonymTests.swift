import Testing
@testable import KontorSearch

@Suite("Synonyms")
struct SynonymTests {
    static let twoFactor = SynonymGroup(["2FA", "A2F", "doble autenticación", "verificación en dos pasos", "two-factor authentication"])

    let index = SearchIndex(
        documents: [
            article("disable-2sv", title: "Desactivar la verificación en dos pasos",
                    body: "Ve a seguridad y pulsa desactivar."),
            article("accounts", title: "Varias cuentas", body: "Puedes tener dos cuentas y hacer la verificación de identidad en varios pasos."),
            article("billing", title: "Facturación", body: "Tus facturas mensuales."),
        ],
        synonyms: [twoFactor])

    @Test("An abbreviation finds the article that spells the term out")
    func abbreviationFindsSpelledOutTerm() {
        #expect(index.ids("2FA") == ["disable-2sv"])
        #expect(index.ids("a2f") == ["disable-2sv"])
    }

    @Test("A natural question using another synonym finds the article")
    func questionWithSynonym() {
        #expect(index.ids("como desactivo la doble autenticacion").first == "disable-2sv")
        let hit = index.search("como desactivo la doble autenticacion", language: .es).hits.first
        #expect(hit?.matchedExactly == false, "found through a synonym, not as typed")
    }

    @Test("A synonym typed without accents still matches", arguments: ["doble autenticacion", "DOBLE AUTENTICACIÓN", "la doble autenticación"])
    func synonymWithoutAccents(query: String) {
        let hit = index.search(query, language: .es).hits.first
        #expect(hit?.id == "disable-2sv")
        #expect(hit?.titleParts.matchedTexts == ["verificación", "dos", "pasos"])
    }

    @Test("A multi-word synonym must appear as a phrase, not as scattered words")
    func multiWordSynonymIsAPhrase() {
        #expect(!index.ids("2FA").contains("accounts"))
    }

    @Test("Synonyms rank a little below the literal term")
    func synonymsRankBelowLiteralTerm() {
        let index = SearchIndex(
            documents: [
                article("spelled-out", title: "Activar la doble autenticación", body: "Paso a paso."),
                article("abbreviated", title: "Activar la 2FA", body: "Paso a paso."),
            ],
            synonyms: [Self.twoFactor])
        #expect(index.ids("2FA") == ["abbreviated", "spelled-out"])
        #expect(index.ids("doble autenticación") == ["spelled-out", "abbreviated"])
    }

    @Test("Without the group, the abbreviation finds nothing")
    func synonymsComeFromTheGroups() {
        let plain = SearchIndex(documents: [article("disable-2sv", title: "Desactivar la verificación en dos pasos")])
        #expect(plain.ids("2FA").isEmpty)
    }

    @Test("Synonym matches are highlighted")
    func synonymsAreHighlighted() {
        let hit = index.search("2FA", language: .es).hits.first
        #expect(hit?.titleParts.matchedTexts == ["verificación", "dos", "pasos"])
    }
}
