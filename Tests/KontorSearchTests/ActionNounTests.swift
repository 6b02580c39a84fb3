import Testing
@testable import KontorSearch

@Suite("Nouns of action in -ación / -ation / -azione meet their verb, however short the verb")
struct ActionNounTests {
    @Test("'crear cuenta' finds 'Creación de la cuenta', 'migrer mon site' the guide on 'migration', and back")
    func nounsMeetTheirVerbs() {
        let spanish = SearchIndex(documents: [
            article("create", .es, title: "Creación de la cuenta", body: "La creación de la cuenta tarda dos minutos."),
            article("delete", .es, title: "Borrar la cuenta", body: "Borre la cuenta desde su perfil."),
        ])
        #expect(spanish.ids("crear cuenta", language: .es).first == "create")
        #expect(spanish.ids("como creo una cuenta", language: .es).first == "create")
        let french = SearchIndex(documents: [
            article("migrate", .fr, title: "Migration d'un site", body: "La migration copie les fichiers et la base."),
            article("site", .fr, title: "Paramètres du site", body: "Changez le nom du site."),
        ])
        #expect(french.ids("migrer mon site", language: .fr).first == "migrate")
        let italian = SearchIndex(documents: [
            article("migrate", .it, title: "Migrare un sito", body: "Migra i file e il database."),
            article("site", .it, title: "Impostazioni del sito", body: "Cambia il nome del sito."),
        ])
        #expect(italian.ids("migrazione sito", language: .it).first == "migrate")
    }

    @Test("the rule: the noun's ending becomes the infinitive; short stems and French -ication stay with Snowball")
    func theRule() {
        #expect(AnalysisSession.verbOfActionNoun("migración", language: .es) == "migrar")
        #expect(AnalysisSession.verbOfActionNoun("creacion", language: .es) == "crear")
        #expect(AnalysisSession.verbOfActionNoun("créations", language: .fr) == "créer")
        #expect(AnalysisSession.verbOfActionNoun("migrazioni", language: .it) == "migrare")
        #expect(AnalysisSession.verbOfActionNoun("nación", language: .es) == nil)
        #expect(AnalysisSession.verbOfActionNoun("station", language: .fr) == nil)
        #expect(AnalysisSession.verbOfActionNoun("application", language: .fr) == nil)
        #expect(AnalysisSession.verbOfActionNoun("migration", language: .en) == nil)
        let spanish = AnalysisSession(language: .es)
        #expect(spanish.forms(of: "migración")?.stem == spanish.forms(of: "migrar")?.stem)
        #expect(spanish.forms(of: "configuración")?.stem == spanish.forms(of: "configurar")?.stem)
        let french = AnalysisSession(language: .fr)
        #expect(french.forms(of: "création")?.stem == french.forms(of: "créer")?.stem)
        #expect(french.forms(of: "application")?.stem == french.forms(of: "appliquer")?.stem)
    }
}
