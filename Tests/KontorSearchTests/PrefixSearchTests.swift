import Testing
@testable import KontorSearch

@Suite("Results while typing")
struct PrefixSearchTests {
    let index = SearchIndex(documents: [
        article("recovery", title: "Recuperación de la cuenta", body: "Si perdiste el acceso, te ayudamos."),
        article("recover-password", title: "Recuperar la contraseña", body: "Te enviamos un enlace."),
        article("password", title: "Cambiar la contraseña", body: "Desde tu perfil."),
        article("mail", .en, title: "Mail settings", body: "Configure how we write to you."),
        article("mailbox", .en, title: "Mailbox quotas", body: "How much space each account has."),
    ])

    @Test("The last word matches the words it begins")
    func lastWordIsAPrefix() {
        #expect(Set(index.ids("recup")) == ["recovery", "recover-password"])
        #expect(index.ids("contraseña recup").first == "recover-password", "documents with both words come first")
        #expect(index.ids("cambiar la contr").first == "password")
    }

    @Test("Earlier words are complete words, not prefixes")
    func onlyTheLastWordIsAPrefix() {
        let ids = index.ids("recup contraseña")
        #expect(Set(ids) == ["recover-password", "password"])
        #expect(!ids.contains("recovery"))
    }

    @Test("A trailing space means the word is finished")
    func trailingSpaceEndsCompletion() {
        #expect(index.ids("recup ").isEmpty)
        #expect(index.ids("recup?").isEmpty)
    }

    @Test("Two letters are enough to complete, one is not")
    func minimumPrefixLength() {
        #expect(index.ids("r").isEmpty)
        #expect(Set(index.ids("re")) == ["recovery", "recover-password"])
    }

    @Test("A query of stop words only asks for nothing: its last word is not completed ('de' is no start of 'desde')")
    func stopWordsOnly() {
        #expect(index.ids("de").isEmpty)
        #expect(index.ids("la de").isEmpty)
        #expect(!index.hasSearchableWords("la de", language: .es) && index.hasSearchableWords("la contraseña", language: .es))
        #expect(!index.hasSearchableWords("der die das ", language: .de) && !index.hasSearchableWords("Ihre unsere ", language: .de))
        #expect(index.ids("cambiar de").first == "password", "after a word that asks for something, it still completes")
    }

    @Test("A completed word ranks below the word itself")
    func completionsRankBelowExactWords() {
        #expect(index.ids("mail", language: .en) == ["mail", "mailbox"])
        #expect(index.search("mail", language: .en).hits.map(\.matchedExactly) == [true, false])
    }

    @Test("A stop word being typed is not required to match")
    func stopWordBeingTyped() {
        let whileTyping = index.ids("cambiar contraseña la")
        #expect(whileTyping.first == "password")
        #expect(whileTyping == index.ids("cambiar contraseña"))
    }
}
