import Testing
@testable import KontorSearch

@Suite("A real word the guides lack meets the words of its family they use")
struct WordFamilyTests {
    @Test("'mails publicitaires', 'email pubblicitarie' find the guide that says 'publicité', 'pubblicità', typed last or not")
    func adjectiveMeetsNoun() {
        let french = SearchIndex(documents: [
            article("newsletters", .fr, title: "Choisir vos newsletters", body: "Vous ne voulez plus de publicité ? Désabonnez-vous.", tags: ["e-mail"]),
            article("sign-in", .fr, title: "Se connecter", body: "Saisissez votre e-mail. L'e-mail de confirmation arrive par mail."),
        ])
        #expect(french.ids("trop de mails publicitaires", language: .fr).first == "newsletters")
        #expect(french.ids("publicitaires", language: .fr) == ["newsletters"])
        let italian = SearchIndex(documents: [
            article("newsletters", .it, title: "Scegliere le newsletter", body: "Non vuole più pubblicità? Annulli l'iscrizione.", tags: ["e-mail"]),
            article("sign-in", .it, title: "Accedere", body: "Inserisca la sua e-mail. La mail di conferma arriva per e-mail."),
        ])
        #expect(italian.ids("troppe email pubblicitarie", language: .it).first == "newsletters")
    }

    @Test("eight letters alike at least: 'dipendente' (employee) does not meet 'dipende' (it depends)")
    func shortSharedBeginningIsNoFamily() {
        let italian = SearchIndex(documents: [
            article("renewals", .it, title: "Gestire i rinnovi", body: "Tutto dipende dalla data di scadenza."),
        ])
        #expect(italian.ids("dipendente", language: .it).isEmpty)
    }
}
