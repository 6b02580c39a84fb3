import Testing
@testable import KontorSearch

@Suite("German verbs and compounds as customers type them")
struct GermanQueryWordsTests {
    let index = SearchIndex(documents: [
        article("sign-out", .de, title: "Abmelden", body: "Zum Ausloggen klicken Sie auf Ihren Namen."),
        article("sign-in", .de, title: "Anmelden", body: "Sie können sich mit Ihrer Adresse einloggen."),
        article("sessions", .de, title: "Sitzungen", body: "Beenden Sie die Sitzung auf einem fremden Computer."),
        article("password", .de, title: "Passwort ändern", body: "Ein neues Passwort wählen."),
        article("stars", .de, title: "Sterne", body: "Ein Stern zeigt einen Favoriten."),
        article("reset", .de, title: "Einstellungen zurücksetzen", body: "Alles wie am ersten Tag."),
    ])

    @Test("A separable verb whose particle ends the question finds the guide that uses the whole verb")
    func separableVerb() {
        #expect(index.ids("wie logge ich mich aus", language: .de).first == "sign-out")
    }

    @Test("A participle finds the guide that uses the infinitive, also as the last word still being typed")
    func participle() {
        #expect(index.ids("ich bin nicht eingeloggt", language: .de).first == "sign-in")
        #expect(index.ids("automatisch ausgeloggt", language: .de).first == "sign-out")
        #expect(index.ids("zurückgesetzt", language: .de).first == "reset", "an umlaut in the particle too")
    }

    @Test("A compound the guides do not contain finds them by its parts")
    func compound() {
        #expect(index.ids("geschäftscomputer", language: .de) == ["sessions"])
        #expect(index.ids("passwortwahl", language: .de).first == "password")
    }

    @Test("A word the guides contain keeps its meaning, and a rewrite never invents a word the guides lack")
    func onlyUnknownWordsIntoKnownOnes() {
        let german = IndexBuilder.build(language: .de, documents: [
            article("stars", .de, title: "Sterne", body: "Ein Stern und ein Gestern."),
        ], synonyms: [])
        #expect(QueryPlan(query: "gestern", index: german).slots.map(\.forms.word) == ["gestern"])
        #expect(QueryPlan(query: "gegessen gebucht", index: german).slots.map(\.forms.word) == ["gegessen", "gebucht"])
    }

    @Test("A verb the guides know, with its particle at the end of the question, is the particle verb: schalte … aus is ausschalten")
    func knownVerbWithParticle() {
        let index = SearchIndex(documents: [
            article("switch", .de, title: "Organisation wechseln", body: "Schalten Sie zwischen Organisationen. Schalten Sie jederzeit."),
            article("disable", .de, title: "Prüfung ausschalten", body: "So wird die Prüfung ausgeschaltet."),
            article("enable", .de, title: "Prüfung einschalten", body: "Schalten Sie die Prüfung für ein Konto ein: einschalten."),
        ])
        #expect(index.ids("wie schalte ich das aus", language: .de).first == "disable")
        #expect(index.ids("wie schalte ich die Prüfung für ein Konto aus", language: .de).first == "disable",
                "the particle that ends the question, not the article inside it")
        #expect(index.ids("wie schalte ich ", language: .de).first == "switch", "without the particle, the verb as it stands")
    }

    @Test("A noun in -ung finds the guide that uses its verb, and the verb the guide that uses the noun")
    func verbalNouns() {
        let index = SearchIndex(documents: [
            article("address", .de, title: "Rechnungsadressen", body: "Ändern Sie die Adresse auf dieser Seite."),
            article("payments", .de, title: "Guthaben", body: "Alle Zahlungen erscheinen in der Liste."),
            article("problems", .de, title: "Probleme", body: "Eine Lösung für jeden Fall."),
            article("other", .de, title: "Sonstiges", body: "Eine Seite ohne Bezug."),
        ])
        #expect(index.ids("Änderung ", language: .de) == ["address"])
        #expect(index.ids("wie zahlen ", language: .de) == ["payments"])
        #expect(index.ids("Problem lösen ", language: .de).first == "problems")
        #expect(GermanVerbalNouns.verb(of: "verlängerung") == "verlängern")
        #expect(GermanVerbalNouns.verb(of: "bestellungen") == "bestellen")
        #expect(GermanVerbalNouns.verb(of: "jung") == nil)
        #expect(GermanVerbalNouns.verb(of: "anmeldung") == "anmelden")
    }

    @Test("Only German queries are rewritten")
    func onlyGerman() {
        let english = IndexBuilder.build(language: .en, documents: [
            article("computer", .en, title: "Computer", body: "Your computer."),
        ], synonyms: [])
        #expect(QueryPlan(query: "homecomputer", index: english).slots.map(\.forms.word) == ["homecomputer"])
    }

    @Test("A participle of a verb only a synonym group names meets the guides' word: 'eingeloggt' is 'einloggen' ~ 'anmelden'")
    func participleOfASynonym() {
        let index = SearchIndex(documents: [
            article("sessions", .de, title: "Aktive Sitzungen", body: "Jede Anmeldung an Ihrem Konto, mit Gerät und Ort."),
            article("password", .de, title: "Passwort ändern", body: "Ein neues Passwort wählen."),
        ], synonyms: DefaultSynonyms.groups)
        #expect(index.ids("wo bin ich eingeloggt ", language: .de).first == "sessions")
    }
}
