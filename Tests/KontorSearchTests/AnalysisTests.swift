import Testing
@testable import KontorSearch

@Suite("Language-aware analysis")
struct AnalysisTests {
    @Test("Spanish plural and singular share one term, whatever the accents and case")
    func spanishPluralsAndAccents() {
        let spanish = Analyzer(language: .es)
        let term = spanish.terms("contraseña")
        #expect(term.count == 1)
        #expect(spanish.terms("contraseñas") == term)
        #expect(spanish.terms("CONTRASEÑA") == term)
        #expect(spanish.terms("contrasena") == term)
        #expect(term == ["contrasen"], "accents are folded after stemming")
    }

    @Test("Spanish question words are stop words with or without their accent")
    func spanishStopWords() {
        let spanish = Analyzer(language: .es)
        #expect(spanish.terms("¿Cómo desactivo la doble autenticación?") == spanish.terms("desactivo doble autenticación"))
        #expect(spanish.terms("como").isEmpty)
        #expect(spanish.terms("Cómo").isEmpty)
        #expect(spanish.terms("olvidé mi contraseña").count == 2)
    }

    @Test("'¿dónde están mis facturas?': 'están' is a stop word as 'está' is, not a typo of 'escanean' or 'estado'")
    func spanishFormsOfEstar() {
        let spanish = Analyzer(language: .es)
        for form in ["están", "estan", "estamos", "estaba", "estaban"] { #expect(spanish.terms(form).isEmpty, "\(form)") }
        #expect(spanish.terms("donde estan mis facturas") == spanish.terms("facturas"))
    }

    @Test("French elided articles are dropped, with straight or curly apostrophes")
    func frenchElision() {
        let french = Analyzer(language: .fr)
        #expect(french.terms("l'adresse") == french.terms("adresse"))
        #expect(french.terms("L’adresse") == french.terms("adresse"))
        #expect(french.terms("d'authentification") == french.terms("authentification"))
        #expect(french.terms("pourquoi j'ai reçu un rappel de paiement") == french.terms("reçu rappel paiement"))
    }

    @Test("German plural nouns stem to the singular, and ß or umlauts fold")
    func germanStemming() {
        let german = Analyzer(language: .de)
        #expect(german.terms("Rechnungen") == german.terms("Rechnung"))
        #expect(german.terms("Änderungen") == german.terms("anderungen"))
        #expect(german.terms("Wie ändere ich meine Rechnung?") == german.terms("ändere Rechnung"))
    }

    @Test("Italian articulated prepositions are elided")
    func italianElision() {
        let italian = Analyzer(language: .it)
        #expect(italian.terms("dell'organizzazione") == italian.terms("organizzazione"))
        #expect(italian.terms("dell’account") == italian.terms("account"))
        #expect(italian.terms("nell'area riservata") == italian.terms("area riservata"))
    }

    @Test("English plurals stem to the singular and possessives drop")
    func englishStemming() {
        let english = Analyzer(language: .en)
        #expect(english.terms("invoices") == english.terms("invoice"))
        #expect(english.terms("the user's password") == english.terms("user password"))
        #expect(english.terms("where is my support code") == english.terms("support code"))
    }

    @Test("Identifiers stay whole, underscores and hyphens split")
    func tokenization() {
        let spanish = Analyzer(language: .es)
        #expect(spanish.terms("2FA") == ["2fa"])
        #expect(spanish.terms("MySQL8") == ["mysql8"])
        #expect(spanish.terms("wxyz_mabase").count == 2)
        #expect(spanish.terms("wxyz_mabase").first == "wxyz")
        #expect(Analyzer(language: .en).terms("two-factor") == ["2", "factor"])  // the number as digits: NumberWordsTests
        #expect(spanish.terms("¡¿…!? -- __ ...").isEmpty)
    }

    @Test("Decomposed (NFD) text analyses like composed text")
    func decomposedInput() {
        let spanish = Analyzer(language: .es)
        #expect(spanish.terms("contrasen\u{303}as") == spanish.terms("contraseñas"))
        #expect(Analyzer(language: .fr).terms("re\u{301}initialiser") == Analyzer(language: .fr).terms("réinitialiser"))
    }

    @Test("full-width Latin letters and digits, and ligatures, are the letters they stand for")
    func compatibilityForms() {
        let spanish = Analyzer(language: .es)
        #expect(spanish.terms("ｃｏｎｔｒａｓｅñａ ２ＦＡ") == spanish.terms("contraseña 2fa"))
        #expect(spanish.terms("conﬁguración") == spanish.terms("configuración"))
        #expect(Analyzer(language: .en).terms("ﬁrewall ﬂow") == Analyzer(language: .en).terms("firewall flow"))
    }
}
