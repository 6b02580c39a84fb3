import Testing
@testable import KontorSearch

@Suite("'By mistake' says how, not what: 'par erreur', 'por error', 'per errore' are no words")
struct ByMistakeTests {
    @Test("the phrase is dropped in each language; 'erreur', 'error' on their own stay words")
    func phrases() {
        #expect(tokens("des fichiers supprimés par erreur", .fr) == ["des", "fichiers", "supprimés"])
        #expect(tokens("borré un correo por error", .es) == ["borré", "un", "correo"])
        #expect(tokens("cancellato per errore il sito", .it) == ["cancellato", "il", "sito"])
        #expect(tokens("deleted by mistake", .en) == ["deleted"])
        #expect(tokens("erreur 500 par le serveur", .fr) == ["erreur", "500", "par", "le", "serveur"])
        #expect(tokens("un error por culpa del servidor", .es) == ["un", "error", "por", "culpa", "del", "servidor"])
        #expect(tokens("par. Erreur", .fr) == ["par", "erreur"])
        #expect(tokens("mot de passe par erreur", .fr) == ["motdepasse"])
    }

    @Test("'fichiers supprimés par erreur' finds the guide on restoring files, not the guides on error messages")
    func search() {
        let index = SearchIndex(documents: [
            article("restore", .fr, title: "Restaurer une sauvegarde", body: "Récupérez des fichiers supprimés depuis la sauvegarde."),
            article("403", .fr, title: "Erreur 403", body: "Une erreur 403 signifie que l'accès aux fichiers est refusé."),
            article("500", .fr, title: "Erreur 500", body: "Une erreur 500 vient souvent d'un fichier .htaccess."),
        ])
        #expect(index.ids("j'ai supprimé des fichiers par erreur", language: .fr).first == "restore")
        #expect(index.ids("erreur 403", language: .fr).first == "403")
        let spanish = SearchIndex(documents: [
            article("restore", .es, title: "Restaurar una copia de seguridad", body: "Recupera archivos borrados desde la copia."),
            article("500", .es, title: "Error 500", body: "Un error 500 suele venir de un archivo .htaccess con un error."),
        ])
        #expect(spanish.ids("borre archivos por error", language: .es).first == "restore")
    }

    @Test("colloquial French 'plein de' (lots of) is no word either; the adjective 'plein' stays")
    func pleinDe() {
        #expect(tokens("je reçois plein de spams", .fr) == ["je", "reçois", "spams"])
        #expect(tokens("le disque est plein", .fr) == ["le", "disque", "est", "plein"])
        #expect(tokens("boîte pleine de messages", .fr) == ["boîte", "pleine", "de", "messages"])
        let index = SearchIndex(documents: [
            article("quota", .fr, title: "Ma boîte mail est pleine", body: "Une boîte pleine refuse les messages que vous recevez."),
            article("spam", .fr, title: "Régler le filtre anti-spam", body: "Les spams que vous recevez vont dans le dossier Spam."),
        ])
        #expect(index.ids("je recois plein de spams", language: .fr).first == "spam")
    }
}
