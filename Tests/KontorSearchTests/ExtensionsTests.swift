import Testing
@testable import KontorSearch

@Suite("A domain's or a file's extension typed last is typed whole, not the beginning of a longer word")
struct ExtensionsTests {
    @Test("'renouveler mon .fr' finds the expired-domain guide, not a heading word that begins with 'fr'")
    func domainExtensionIsNotCompleted() {
        let index = SearchIndex(documents: [
            article("expired", .fr, title: "Renouveler un domaine expiré", body: "Un domaine .fr reste restaurable pendant 30 jours."),
            article("ssl", .fr, title: "Renouveler le certificat", headings: ["Causes d'échec fréquentes"]),
        ])
        #expect(index.ids("renouveler mon .fr", language: .fr).first == "expired")
    }

    @Test("a word typed after a space is still completed")
    func wordStillBeingTyped() {
        let index = SearchIndex(documents: [
            article("ssl", .fr, title: "Le certificat ne se renouvelle pas", headings: ["Causes d'échec fréquentes"]),
        ])
        #expect(index.ids("causes fr", language: .fr) == ["ssl"])
    }

    @Test("only a word right after a dot is an extension")
    func whatIsAnExtension() {
        func last(_ text: String) -> Token {
            var found: Token?
            Tokenizer.forEachToken(in: text, language: .en) { found = $0; return true }
            return found!
        }
        #expect(QueryPlan.isExtension(last("own my .com"), in: "own my .com"))
        #expect(QueryPlan.isExtension(last("style.css"), in: "style.css"))
        #expect(!QueryPlan.isExtension(last("own my com"), in: "own my com"))
        #expect(!QueryPlan.isExtension(last("com"), in: "com"))
    }
}
