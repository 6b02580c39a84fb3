import Testing
@testable import KontorSearch

@Suite("French verbs in -ifier: the infinitive, the imperative the guides use and the noun meet")
struct FrenchVerbFormsTests {
    @Test("the infinitive or the noun finds the guide that says 'Modifiez', and the imperative the guide that uses the noun")
    func formsMeet() {
        let index = SearchIndex(documents: [
            article("password", .fr, title: "Mot de passe", body: "Modifiez votre mot de passe sur la page Sécurité."),
            article("mail", .fr, title: "Adresse e-mail", body: "Une vérification par e-mail confirme l'adresse."),
            article("other", .fr, title: "Divers", body: "Une page sans rapport."),
        ])
        #expect(index.ids("modifier ", language: .fr) == ["password"])
        #expect(index.ids("modification ", language: .fr) == ["password"])
        #expect(index.ids("modifications ", language: .fr) == ["password"])
        #expect(index.ids("vérifiez ", language: .fr) == ["mail"])
        #expect(index.ids("vérifier l'adresse ", language: .fr) == ["mail"])
    }

    @Test("only the -ifier family; other words are left to Snowball")
    func theRule() {
        #expect(AnalysisSession.frenchInfinitive(of: "modification") == "modifier")
        #expect(AnalysisSession.frenchInfinitive(of: "notifications") == "notifier")
        #expect(AnalysisSession.frenchInfinitive(of: "vérifiez") == "vérifier")
        #expect(AnalysisSession.frenchInfinitive(of: "communication") == nil)
        #expect(AnalysisSession.frenchInfinitive(of: "changez") == nil)
        #expect(AnalysisSession.frenchInfinitive(of: "ifiez") == nil)
    }

    @Test("irregular nouns of action meet their verb: 'transférer mes mails' is the shipped synonyms' 'transfert de mails'")
    func irregularNounsOfAction() {
        let index = SearchIndex(documents: [
            article("forward", .fr, title: "Redirection mail", body: "Les messages reçus partent à une autre adresse."),
            article("read", .fr, title: "Lire ses mails", body: "Les mails, tous les mails, se lisent dans le webmail."),
        ], synonyms: DefaultSynonyms.groups)
        #expect(index.ids("transférer mes mails", language: .fr).first == "forward")
        #expect(AnalysisSession.frenchNounOfVerb("connexions") == "connecter")
        #expect(AnalysisSession.frenchNounOfVerb("Redirection".lowercased()) == "rediriger")
        #expect(AnalysisSession.frenchNounOfVerb("accès") == nil)
        #expect(AnalysisSession.frenchNounOfVerb("transférer") == nil)
    }

    @Test("a feminine participle typed without its accent meets the verb: 'supprimees' is 'supprimées', 'supprimer'")
    func participlesWithoutAccents() {
        let index = SearchIndex(documents: [
            article("restore", .fr, title: "Restaurer un fichier", body: "Un fichier de données que vous venez de supprimer revient."),
            article("data", .fr, title: "Données", body: "Vos données, et où elles sont."),
        ])
        #expect(index.ids("donnees supprimees", language: .fr).first == "restore")
        #expect(AnalysisSession.frenchFeminineParticiple("gardees") == "gardées")
        #expect(AnalysisSession.frenchFeminineParticiple("expiree") == "expirée")
        #expect(AnalysisSession.frenchFeminineParticiple("free") == "free")
        #expect(AnalysisSession.frenchFeminineParticiple("supprimées") == "supprimées")
    }

    @Test("keeping is retention: 'combien de temps sont gardees' meets the guide on how long backups are 'conservées'")
    func keepingIsRetention() {
        let index = SearchIndex(documents: [
            article("backups", .fr, title: "Sauvegardes", body: "Les sauvegardes sont conservées 14 jours."),
            article("snapshots", .fr, title: "Instantanés", body: "Un instantané du serveur, avant une mise à jour."),
        ], synonyms: DefaultSynonyms.groups)
        #expect(index.ids("combien de temps sont gardees", language: .fr) == ["backups"])
    }
}
