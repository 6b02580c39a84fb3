import Testing
@testable import KontorSearch

@Suite("Irregular participles meet their verb in Spanish, Italian, French and German")
struct IrregularVerbsTests {
    @Test("a participle Snowball leaves apart stems as its infinitive, with or without accents")
    func participleMeetsInfinitive() {
        let pairs: [(SearchLanguage, String, String)] = [
            (.es, "roto", "romper"), (.es, "devueltos", "devolver"), (.es, "sobrescrita", "sobrescribir"),
            (.it, "sospeso", "sospendere"), (.it, "rimossi", "rimuovere"), (.it, "chiuso", "chiudere"), (.it, "spenta", "spegnere"),
            (.fr, "perdu", "perdre"), (.fr, "perdu", "perdez"), (.fr, "suspendu", "suspendre"), (.fr, "repondu", "répondez"),
            (.fr, "disparus", "disparaître"),
            (.de, "verloren", "verlieren"), (.de, "vergaß", "vergessen"), (.de, "gestohlen", "stehlen"),
        ]
        for (language, form, verb) in pairs {
            let analyzer = Analyzer(language: language)
            #expect(analyzer.terms(form) == analyzer.terms(verb), "\(language) \(form) / \(verb)")
        }
    }

    @Test("everyday verbs and participles that are nouns as often keep Snowball's stems")
    func everydayVerbsStay() {
        let pairs: [(SearchLanguage, String, String)] = [
            (.fr, "mis", "mettre"), (.fr, "rendent", "rendre"), (.es, "puesto", "poner"), (.es, "abierta", "abrir"),
            (.it, "permesso", "permettere"), (.it, "perso", "perdere"),
        ]
        for (language, form, verb) in pairs {
            let analyzer = Analyzer(language: language)
            #expect(analyzer.terms(form) != analyzer.terms(verb), "\(language) \(form) / \(verb)")
        }
    }

    @Test("'mon site est suspendu' finds the guide that says what suspends a site")
    func suspendedFindsSuspend() {
        let index = SearchIndex(documents: [
            article("unpaid", .fr, title: "Paiement refusé", body: "Sans paiement, nous suspendons le site après 14 jours."),
            article("site", .fr, title: "Créer un site", body: "Votre site est prêt en quelques minutes."),
        ])
        #expect(index.ids("mon site est suspendu", language: .fr).first == "unpaid")
    }
}
