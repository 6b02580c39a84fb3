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

    @Test("A German word meets the compounds it ends: an 'Unterordner' is an 'Ordner', a 'Datensicherung' a 'Sicherung'")
    func germanCompoundTails() {
        let german = SearchIndex(documents: [
            article("backups", .de, title: "Sicherungen", body: "Gelöschte Dateien in einen Unterordner wiederherstellen."),
            article("snapshot", .de, title: "Snapshot", body: "Vor einem Update einen Snapshot anlegen."),
            article("backup", .de, title: "Datensicherung", body: "Täglich, 14 Tage lang."),
            article("spam", .de, title: "Spam", body: "Der Spam landet im Ordner Spam. Sie können ihn leeren."),
        ])
        #expect(german.ids("ordner wiederherstellen", language: .de).first == "backups")
        #expect(german.ids("sicherung vor update", language: .de).contains("backup"))
    }

    @Test("Only German, five letters at least, and not a word a quarter of the guides use")
    func germanCompoundTailsOnly() {
        let german = IndexBuilder.build(language: .de, documents: [
            article("a", .de, title: "Export", body: "Der Export als CSV. Der Unterordner."),
            article("b", .de, title: "Webseite", body: "Eine Seite, eine Startseite."),
            article("c", .de, title: "Anderes", body: "Eine Seite."), article("d", .de, title: "Mehr", body: "Nichts."),
            article("e", .de, title: "Ordner", body: "Nichts."),
        ], synonyms: [])
        #expect(CompoundTails.compounds(of: "ordner", isWord: true, stem: nil, in: german).count == 1)
        #expect(CompoundTails.compounds(of: "port", isWord: true, stem: nil, in: german).isEmpty)
        #expect(CompoundTails.compounds(of: "seite", isWord: true, stem: nil, in: german).isEmpty)
        let english = IndexBuilder.build(language: .en, documents: [article("a", .en, title: "Subfolder", body: "A subfolder.")], synonyms: [])
        #expect(CompoundTails.compounds(of: "folder", isWord: true, stem: nil, in: english).isEmpty)
    }

    @Test("Outside German a word a quarter of the guides use is not a short form: French 'plus' is not 'plusieurs'")
    func commonWordsAreNotShortForms() {
        let index = SearchIndex(documents: [
            article("mailbox", .fr, title: "Mot de passe d'une boîte", body: "Le téléphone ne reçoit plus les mails."),
            article("import", .fr, title: "Importer une boîte", body: "Copie plusieurs dossiers."),
            article("admin", .fr, title: "Rôles", body: "Un administrateur peut tout faire."),
            article("other", .fr, title: "Divers", body: "Plus rien."),
        ])
        #expect(index.ids("boîte plus", language: .fr).first == "mailbox")
        #expect(index.ids("admin rôles", language: .fr).first == "admin")
        let french = IndexBuilder.build(language: .fr, documents: [
            article("a", .fr, title: "Plus", body: "Rien de plus."), article("b", .fr, title: "Plusieurs", body: "Plusieurs fois."),
            article("c", .fr, title: "Administrateur", body: "Un rôle."), article("d", .fr, title: "Divers", body: "Admin."),
            article("e", .fr, title: "Autre", body: "Rien de plus."),
        ], synonyms: [])
        #expect(CompoundHeads.compounds(of: "plus", isWord: true, stem: nil, in: french).isEmpty)
        #expect(!CompoundHeads.compounds(of: "admin", isWord: true, stem: nil, in: french).isEmpty)
    }
}
