import Testing
@testable import KontorSearch

@Suite("A quantity of data typed without its space is the number and the unit")
struct DataUnitsTests {
    @Test("'2tb', '500MB', '10Go' split as the guides write them; '2fa', '4k', '64bit', 'mysql8' stay whole")
    func theRule() {
        #expect(tokens("2tb de videos", .es) == ["2", "tb", "de", "videos"])
        #expect(tokens("500MB", .en) == ["500", "mb"])
        #expect(tokens("10Go", .fr) == ["10", "go"])
        #expect(tokens("2fa", .en) == ["2fa"])
        #expect(tokens("4k", .en) == ["4k"])
        #expect(tokens("64bit", .en) == ["64bit"])
        #expect(tokens("mysql8", .en) == ["mysql8"])
    }

    @Test("'where can i put 2tb' finds the guide that sells storage by the TB")
    func findsTheSize() {
        let index = SearchIndex(documents: [
            article("storage", .en, title: "Object storage", body: "Store up to 5 TB for a low monthly price."),
            article("other", .en, title: "Domain parking", body: "Show a page on a domain you do not use yet."),
        ])
        #expect(index.ids("space for 5tb", language: .en).first == "storage")
    }
}
