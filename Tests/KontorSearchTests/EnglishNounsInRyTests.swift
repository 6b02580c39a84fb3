import Testing
@testable import KontorSearch

@Suite("English nouns in -ery / -iry meet the verb they are made from")
struct EnglishNounsInRyTests {
    @Test("'domain expired' finds the guide about expiry, 'recover' the one about recovery, and the other way round")
    func nounsMeetTheirVerbs() {
        let index = SearchIndex(documents: [
            article("renewal", .en, title: "Renewing a domain and what happens after expiry", body: "Renew before the expiry date."),
            article("transfer", .en, title: "Transferring a domain", body: "The domain must not be locked or have expired."),
            article("recovery", .en, title: "Password recovery", body: "Use the recovery e-mail address."),
            article("delivery", .en, title: "Mail delivery problems", body: "Deliveries can be delayed by filters."),
        ])
        #expect(index.ids("domain expired", language: .en).first == "renewal")
        #expect(index.ids("when does my domain expire", language: .en).first == "renewal")
        #expect(index.ids("recover my password", language: .en).first == "recovery")
        #expect(index.ids("mail not delivered", language: .en).first == "delivery")
        let verbs = SearchIndex(documents: [
            article("recover", .en, title: "Recover a deleted mailbox", body: "Deleted mailboxes can be recovered for 30 days."),
            article("other", .en, title: "Create a mailbox", body: "Choose a name for the mailbox."),
        ])
        #expect(verbs.ids("mailbox recovery", language: .en).first == "recover")
    }

    @Test("the rule: the noun without its 'y' (or 'ies'); at least three letters before the ending; other words untouched")
    func theRule() {
        #expect(AnalysisSession.englishNounInRy("expiry") == "expir")
        #expect(AnalysisSession.englishNounInRy("recovery") == "recover")
        #expect(AnalysisSession.englishNounInRy("deliveries") == "deliver")
        #expect(AnalysisSession.englishNounInRy("inquiries") == "inquir")
        #expect(AnalysisSession.englishNounInRy("query") == nil)
        #expect(AnalysisSession.englishNounInRy("every") == nil)
        #expect(AnalysisSession.englishNounInRy("directory") == nil)
        #expect(AnalysisSession.englishNounInRy("summary") == nil)
        let session = AnalysisSession(language: .en)
        #expect(session.forms(of: "expiry")?.stem == session.forms(of: "expired")?.stem)
        #expect(session.forms(of: "recovery")?.stem == session.forms(of: "recovering")?.stem)
        #expect(session.forms(of: "queries")?.stem == session.forms(of: "query")?.stem)
    }
}
