import Testing
@testable import KontorSearch

@Suite("Short forms of compounds")
struct CompoundTests {
    let index = SearchIndex(documents: [
        article("addresses", .de, title: "Rechnungsadressen verwalten", body: "Eine Rechnungsadresse hinzufügen oder löschen."),
        article("invoices", .de, title: "Rechnungen herunterladen", body: "Jede Rechnung als PDF."),
        article("profile", .de, title: "Profil", body: "Ihren Namen ändern oder löschen."),
        article("roles", .en, title: "Who can do what", body: "An administrator can invite members."),
        article("api", .en, title: "API basics", body: "Send the token with every request."),
    ])

    @Test("A short form matches its compound in the middle of a query, not only as the last word")
    func shortFormInTheMiddle() {
        #expect(index.ids("rechnung löschen", language: .de).first == "addresses")
        #expect(index.ids("admin invite", language: .en).first == "roles")
    }

    @Test("The word as typed ranks above a compound it begins")
    func typedWordAboveCompound() {
        let withExactWord = SearchIndex(documents: [
            article("addresses", .de, title: "Rechnungsadressen", body: "Eine Rechnungsadresse löschen."),
            article("invoice", .de, title: "Eine Rechnung löschen", body: "Stornieren statt löschen."),
        ])
        #expect(withExactWord.ids("rechnung löschen", language: .de) == ["invoice", "addresses"])
    }

    @Test("Three letters are too few to stand for a longer word, and inflections are left to the stemmer")
    func notEveryLongerWord() {
        let english = IndexBuilder.build(language: .en, documents: [
            article("api", .en, title: "API basics", body: "Send the token with every request."),
            article("apiary", .en, title: "Apiary keeping", body: "Bees keep their tokens in hives."),
        ], synonyms: [])
        let plan = QueryPlan(query: "api token request", index: english)
        #expect(plan.slots[0].alternatives.allSatisfy { !$0.isCompletion }, "\"api\" does not stand for \"apiary\"")
        #expect(plan.slots[1].alternatives.allSatisfy { !$0.isCompletion }, "\"tokens\" is \"token\" stemmed, not a compound")
    }
}
