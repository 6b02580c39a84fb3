import Testing
@testable import KontorSearch

@Suite("A French verb typed in the plural meets the guides' singular and infinitive")
struct FrenchPluralVerbsTests {
    private let index = SearchIndex(documents: [
        article("forwarder", .fr, title: "Rediriger les messages d'une adresse", body: "Les messages sont renvoyés vers une autre boîte."),
        article("not-received", .fr, title: "Des messages ne sont pas reçus", headings: ["Plus aucun message n'arrive"],
                body: "Vérifiez le dossier des indésirables."),
        article("update", .fr, title: "Mettre à jour les extensions", body: "Une extension se met à jour seule."),
    ])

    @Test("'mes messages ne m'arrivent pas' finds the guide whose heading says 'n'arrive'")
    func pluralMeetsSingular() {
        #expect(index.ids("mes messages ne m'arrivent pas", language: .fr).first == "not-received")
        #expect(index.ids("arrivent", language: .fr) == ["not-received"])
    }

    @Test("only a regular verb in -er is read so: 'mettent' is not 'met'")
    func irregularVerbsStayAsTyped() {
        #expect(index.ids("mettent", language: .fr).isEmpty)
    }

    @Test("a word in -ent the guides know keeps its meaning")
    func knownWordsStay() {
        let french = IndexBuilder.build(language: .fr, documents: [
            article("client", .fr, title: "Votre espace client", body: "Installer wp-cli en ligne de commande."),
        ], synonyms: [])
        #expect(QueryPlan(query: "client espace", index: french).slots.map(\.forms.word) == ["client", "espace"])
    }
}
