import Testing
@testable import KontorSearch

@Suite("Codes written with a hyphen and compounds written closed are read as the guides write them")
struct JoinedQueryWordsTests {
    @Test("'2-FA' is the 2FA the guides name, not '2' and a 'fa' corrected into 'fake'")
    func hyphenatedCode() {
        let index = SearchIndex(documents: [
            article("off", .en, title: "Switch 2FA off", body: "You can switch 2FA off from the security page."),
            article("fake", .en, title: "A fake reminder", body: "A fake reminder asks you to pay 2 invoices at once."),
        ])
        #expect(index.ids("2-FA off", language: .en).first == "off")
        #expect(index.ids("2-fa", language: .en).first == "off")
        let spanish = SearchIndex(documents: [
            article("off", .es, title: "Desactivar la 2FA", body: "Puede desactivar la 2FA en la página de seguridad."),
            article("fake", .es, title: "Recordatorio falso", body: "Un recordatorio falso pide pagar 2 facturas."),
        ])
        #expect(spanish.ids("desactivar 2-FA", language: .es).first == "off")
    }

    @Test("words the guides know on both sides of a hyphen stay two words: 'two-factor' is not 'twofactor'")
    func knownWordsStayApart() {
        let documents = [
            article("2fa", .en, title: "Two-factor authentication", body: "Two-factor authentication asks for a twofactor code, or a 2FA code."),
            article("other", .en, title: "Invoices", body: "A page about invoices."),
        ]
        let english = IndexBuilder.build(language: .en, documents: documents, synonyms: [])
        let session = AnalysisSession(language: .en)
        #expect(JoinedQueryWords.joiningHyphenatedCodes(in: "two-factor code", session: session, index: english) == "two-factor code")
        #expect(JoinedQueryWords.joiningHyphenatedCodes(in: "a 2-FA code", session: session, index: english) == "a 2FA code")
    }

    @Test("'apitoken' finds the guide that writes 'API token' (and 'apijeton' the French one); a word the guides have is not split")
    func closedCompounds() {
        let index = SearchIndex(documents: [
            article("tokens", .en, title: "API tokens", body: "Create an API token for each script."),
            article("create", .en, title: "Create an account", body: "Create your account in two minutes."),
            article("notebook", .en, title: "Your notebook", body: "Keep your backup codes in a notebook, not a note on a book."),
        ])
        #expect(index.ids("create apitoken", language: .en).first == "tokens")
        #expect(index.ids("apitoken", language: .en) == ["tokens"])
        let session = AnalysisSession(language: .en)
        let english = IndexBuilder.build(language: .en, documents: [
            article("notebook", .en, title: "Your notebook", body: "Keep your backup codes in a notebook, not a note on a book."),
        ], synonyms: [])
        let notebook = QuerySlot(typed: "notebook", forms: session.forms(of: "notebook")!, isOptional: false, isPrefix: false)
        #expect(JoinedQueryWords.closedCompoundParts(of: notebook, session: session, index: english) == nil)
        let french = SearchIndex(documents: [
            article("tokens", .fr, title: "Jetons API", body: "Créez un jeton API pour chaque script."),
            article("account", .fr, title: "Créer un compte", body: "Créez votre compte en deux minutes."),
        ])
        #expect(french.ids("créer apijeton", language: .fr).first == "tokens")
    }

    @Test("a real word the guides write apart ('whitelist', 'username') finds the guide that says 'white list', 'user name'")
    func realWordWrittenApart() {
        let index = SearchIndex(documents: [
            article("spam", .en, title: "Spam filter and white list", body: "Add a sender to the white list so their mail is never spam."),
            article("sender", .en, title: "Sender unreachable", body: "Ask the sender for the error message."),
            article("login", .en, title: "Sign-in problems", body: "Your user name is your full e-mail address."),
            article("names", .en, title: "Change a name", body: "Change the name shown to every user of the mailbox."),
        ])
        #expect(index.ids("whitelist a sender", language: .en).first == "spam")
        #expect(index.ids("forgot my username", language: .en).first == "login")
        let session = AnalysisSession(language: .en)
        let english = IndexBuilder.build(language: .en, documents: [
            article("spam", .en, title: "Spam filter", body: "Add it to the whitelist or the white list."),
        ], synonyms: [])
        let whitelist = QuerySlot(typed: "whitelist", forms: session.forms(of: "whitelist")!, isOptional: false, isPrefix: false)
        #expect(JoinedQueryWords.writtenApart(whitelist, session: session, index: english) == nil, "a word the guides have is matched as it is")
    }

    @Test("English 'setup', 'cleanup' read as the verb the guides write with its particle ('Set up …'), typed last or not")
    func englishPhrasalNouns() {
        let index = SearchIndex(documents: [
            article("enable", .en, title: "Set up two-factor authentication", body: "Switch it on with an authenticator app."),
            article("disable", .en, title: "Switch two-factor authentication off", body: "Two-factor authentication asks for a code at each sign-in."),
        ])
        #expect(index.ids("two-factor authentication setup", language: .en).first == "enable")
        #expect(index.ids("setup two-factor authentication", language: .en).first == "enable")
        let session = AnalysisSession(language: .en)
        let english = IndexBuilder.build(language: .en, documents: [
            article("backup", .en, title: "Backup codes", body: "Set up your backup codes."),
        ], synonyms: [])
        let backup = QuerySlot(typed: "backup", forms: session.forms(of: "backup")!, isOptional: false, isPrefix: false)
        #expect(JoinedQueryWords.englishPhrasalNounVerb(of: backup, session: session, index: english) == nil, "a word the guides have stays")
        let french = AnalysisSession(language: .fr)
        let setupFr = QuerySlot(typed: "setup", forms: french.forms(of: "setup")!, isOptional: false, isPrefix: false)
        #expect(JoinedQueryWords.englishPhrasalNounVerb(of: setupFr, session: french, index: english) == nil, "English only")
    }
}
