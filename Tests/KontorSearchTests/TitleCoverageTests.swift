import Testing
@testable import KontorSearch

@Suite("Between guides about equally relevant, the one whose title the question covers comes first")
struct TitleCoverageTests {
    @Test("'where is my support code' finds 'Your support code' before a guide the score finds about as relevant")
    func coveredTitleFirst() {
        // The VIP guide says "support code" once more, in its body: by score alone it came first, by less than 1%.
        let index = SearchIndex(documents: [
            article("vip", .en, title: "The support code and a VIP code",
                    body: "Give your support code when you call. It is on your profile page, next to your name and your e-mail address."),
            article("support-code", .en, title: "Your support code", body: "Read it out when you call us."),
            article("invoices", .en, title: "Invoices", body: "Your invoices are on the billing page."),
            article("domains", .en, title: "Domains", body: "Renew a domain on the domains page."),
        ])
        #expect(index.ids("where is my support code ", language: .en) == ["support-code", "vip"])
    }

    @Test("the share counts title words by stem, through any alternative, and stays bounded")
    func share() {
        let english = IndexBuilder.build(language: .en, documents: [
            article("codes", .en, title: "Backup codes", body: "Keep your backup codes."),
            article("long", .en, title: "Backup codes, phones and passwords", body: "Keep your backup codes."),
        ], synonyms: [])
        let coverage = TitleCoverage(plan: QueryPlan(query: "backup code ", index: english), index: english)
        #expect(coverage.share(of: 0) == 1)
        #expect(coverage.share(of: 1) == 0.5)
        let typed = TitleCoverage(plan: QueryPlan(query: "bakup cod", index: english), index: english)
        #expect(typed.share(of: 0) == 1)
        #expect(TitleCoverage.maximumBonus <= 0.05)
    }

    @Test("a clearly better match keeps its place however little of its title the question says")
    func clearMatchesStay() {
        let index = SearchIndex(documents: [
            article("renewal", .en, title: "Automatic renewal of domains, hostings and mailboxes",
                    body: "Turn automatic renewal off for a domain: open the domain, then Renewal, then switch renewal off."),
            article("domains", .en, title: "Domains", body: "A domain can renew."),
        ])
        #expect(index.ids("turn domain renewal off ", language: .en).first == "renewal")
    }
}
