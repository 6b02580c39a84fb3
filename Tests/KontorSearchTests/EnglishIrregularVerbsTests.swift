import Testing
@testable import KontorSearch

@Suite("English irregular past forms meet their infinitive")
struct EnglishIrregularVerbsTests {
    let english = Analyzer(language: .en)

    @Test("'sold', 'lost', 'overwrote', 'forgot', 'paid', 'sent' stem as 'sell', 'lose', 'overwrite', 'forget', 'pay', 'send'")
    func pastMeetsInfinitive() {
        for (past, infinitive) in [("sold", "sell"), ("lost", "lose"), ("overwrote", "overwrite"), ("overwritten", "overwrite"),
                                   ("forgot", "forget"), ("forgotten", "forgets"), ("paid", "pay"), ("sent", "sending"),
                                   ("hidden", "hide"), ("found", "find")] {
            #expect(english.terms(past) == english.terms(infinitive), "\(past) / \(infinitive)")
        }
    }

    @Test("everyday verbs and words that are other words as often keep Snowball's stems")
    func everydayVerbsStay() {
        for (past, infinitive) in [("got", "get"), ("taken", "take"), ("made", "make"), ("gone", "go"), ("left", "leave"), ("saw", "see")] {
            #expect(english.terms(past) != english.terms(infinitive), "\(past) / \(infinitive)")
        }
    }

    @Test("'i overwrote a file' finds the guide on getting back an overwritten file first")
    func overwroteFindsOverwritten() {
        let index = SearchIndex(documents: [
            article("manager", .en, title: "Edit a file in the file manager", body: "Open a file, change it and save the file."),
            article("restore", .en, title: "Restore from a backup", body: "Get back a deleted or overwritten file."),
        ])
        #expect(index.ids("i overwrote a file", language: .en).first == "restore")
    }
}
