import Testing
@testable import KontorSearch

@Suite("'Activity' and 'activate' are different words")
struct ActivityNounTests {
    @Test("the noun and the verb no longer share Snowball's stem, in en, es, fr and it; the noun's own forms still meet")
    func nounAndVerbApart() {
        let pairs: [(SearchLanguage, String, String, String)] = [
            (.en, "activity", "activities", "activate"), (.es, "actividad", "actividades", "activar"),
            (.fr, "activité", "activites", "activer"), (.it, "attività", "attivita", "attivare"),
        ]
        for (language, noun, otherNoun, verb) in pairs {
            let session = AnalysisSession(language: language)
            let nounStem = session.forms(of: noun)?.stem
            #expect(nounStem != session.forms(of: verb)?.stem, "\(language): \(noun) / \(verb)")
            #expect(nounStem == session.forms(of: otherNoun)?.stem, "\(language): \(noun) / \(otherNoun)")
        }
    }

    @Test("'attivare 2fa' finds the guide on switching two-factor authentication on, not the log of the account's activity")
    func activateFindsTheVerb() {
        let italian = SearchIndex(documents: [
            article("security-log", .it, title: "Consultare il registro di sicurezza", body: "Il registro mostra gli accessi.",
                    tags: ["attività", "sicurezza", "autenticazione"]),
            article("2fa", .it, title: "Configurare l'autenticazione a due fattori", headings: ["Attivarla"],
                    body: "Apra la pagina Sicurezza e attivi l'autenticazione."),
        ])
        #expect(italian.ids("attivare autenticazione", language: .it).first == "2fa")
    }
}
