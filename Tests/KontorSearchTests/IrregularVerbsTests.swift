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

    @Test("a Spanish present with a diphthong stems as its infinitive, and so meets the verb's noun")
    func spanishDiphthongMeetsInfinitive() {
        let pairs: [(String, String)] = [
            ("renueva", "renovar"), ("renuevo", "renovación"), ("renueven", "renovar"), ("pruebo", "probar"), ("prueba", "probar"),
            ("cuesta", "costar"), ("cierra", "cerrar"), ("muevo", "mover"), ("empiece", "empezar"), ("encuentra", "encontrar"),
        ]
        let analyzer = Analyzer(language: .es)
        for (form, verb) in pairs {
            #expect(analyzer.terms(form) == analyzer.terms(verb), "\(form) / \(verb)")
        }
        // "cuenta" (an account) is no form of "contar".
        #expect(analyzer.terms("cuenta") != analyzer.terms("contar"))
    }

    @Test("'no quiero que se renueve' finds the guide on renewal")
    func renewedFindsRenewal() {
        let index = SearchIndex(documents: [
            article("renewal", .es, title: "Desactivar la renovación automática", body: "Puedes renovar el dominio a mano."),
            article("domain", .es, title: "Registrar un dominio", body: "Elige el nombre y paga el primer año."),
        ])
        #expect(index.ids("no quiero que se renueve", language: .es) == ["renewal"])
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
