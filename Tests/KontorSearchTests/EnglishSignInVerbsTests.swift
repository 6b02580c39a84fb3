import Testing
@testable import KontorSearch

@Suite("English sign-in verbs: 'log in' is one word, not the security log")
struct EnglishSignInVerbsTests {
    static func words(_ text: String) -> [String] { tokens(text, .en) }

    @Test("a verb and its particle, with a pronoun between or a hyphen, are one word; a full stop parts them; other languages are left alone")
    func joining() {
        #expect(Self.words("How do I log in?") == ["how", "do", "i", "signin"])
        #expect(Self.words("keeps logging me out") == ["keeps", "signout"])
        #expect(Self.words("Sign-ins and sign-up") == ["signin", "and", "signup"])
        #expect(Self.words("login, log-out, logon") == ["login", "signout", "login"])
        #expect(Self.words("the security log. In it") == ["the", "security", "log", "in", "it"])
        #expect(Self.words("log up sign") == ["log", "up", "sign"])
        #expect(Self.words("sign me") == ["sign", "me"])
        #expect(tokens("log in", .de) == ["log", "in"])
    }

    @Test("'how do I log in' finds the sign-in guide, not the security log; 'security log' still finds the log")
    func search() {
        let index = SearchIndex(documents: [
            article("signin", .en, title: "Sign in and out", body: "Sign in with your e-mail address and password. Log out when you are done."),
            article("log", .en, title: "Security log", body: "The security log lists sign-ins, password changes and new devices."),
            article("other", .en, title: "Invoices", body: "An unrelated page."),
        ])
        #expect(index.ids("how do i log in ", language: .en).first == "signin")
        #expect(index.ids("it keeps logging me out ", language: .en).first == "signin")
        #expect(index.ids("security log ", language: .en).first == "log")
    }

    @Test("'log into', 'sign into', 'logging onto' are signing in too, and find the sign-in guide")
    func intoAndOnto() {
        #expect(Self.words("cant log into my account") == ["cant", "signin", "my", "account"])
        #expect(Self.words("how do i sign into my account") == ["how", "do", "i", "signin", "my", "account"])
        #expect(Self.words("logging onto the console") == ["signin", "the", "console"])
        #expect(Self.words("sign me into it") == ["signin", "it"])
        #expect(Self.words("put it into the log") == ["put", "it", "into", "the", "log"])
        let index = SearchIndex(documents: [
            article("signin", .en, title: "Sign in and out", body: "Sign in to your account with your e-mail address and password."),
            article("log", .en, title: "Security log", body: "The log of your account lists sign-ins, password changes and new devices."),
        ])
        #expect(index.ids("cant log into my account ", language: .en).first == "signin")
        #expect(index.ids("logging onto my account ", language: .en).first == "signin")
    }
}
