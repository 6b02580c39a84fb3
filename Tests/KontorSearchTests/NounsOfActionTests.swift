import Testing
@testable import KontorSearch

@Suite("Spanish, Italian, English and German nouns of action meet their verb where their spelling leaves it")
struct NounsOfActionTests {
    @Test("'redirecciones' / 'redirigir', 'devolución' / 'devolver', 'sospensione' / 'sospendere', 'suspension' / 'suspend' stem alike")
    func nounMeetsVerb() {
        let pairs: [(SearchLanguage, String, String)] = [
            (.es, "redirecciones", "redirige"), (.es, "devolución", "devolver"), (.es, "suscripcion", "suscribirse"),
            (.es, "transferencia", "transferir"),
            (.it, "sospensione", "sospendere"), (.it, "iscrizioni", "iscriversi"), (.it, "disdetta", "disdire"),
            (.it, "richiesta", "richiedere"),
            (.en, "suspension", "suspended"), (.en, "subscriptions", "subscribe"), (.en, "failure", "failed"),
            (.de, "Umzug", "umziehen"), (.de, "Verlust", "verloren"), (.de, "Versand", "versenden"),
        ]
        for (language, noun, verb) in pairs {
            let analyzer = Analyzer(language: language)
            #expect(analyzer.terms(noun) == analyzer.terms(verb), "\(language) \(noun) / \(verb)")
        }
    }

    @Test("access, Spanish 'conexión' and Italian 'scadenza' keep their own stems")
    func leftOut() {
        let pairs: [(SearchLanguage, String, String)] = [
            (.es, "acceso", "acceder"), (.it, "accesso", "accedere"), (.es, "conexión", "conectar"), (.it, "scadenza", "scadere"),
        ]
        for (language, noun, verb) in pairs {
            let analyzer = Analyzer(language: language)
            #expect(analyzer.terms(noun) != analyzer.terms(verb), "\(language) \(noun) / \(verb)")
        }
    }

    @Test("'error demasiadas redirecciones' finds the guide on a site that redirects forever")
    func redirectionsFindRedirect() {
        let index = SearchIndex(documents: [
            article("https", .es, title: "Redirigir la web a HTTPS", body: "Si la web redirige sin parar, el navegador muestra un error."),
            article("error500", .es, title: "Error 500", body: "Un error interno del servidor."),
        ])
        #expect(index.ids("error demasiadas redirecciones", language: .es).first == "https")
    }
}
