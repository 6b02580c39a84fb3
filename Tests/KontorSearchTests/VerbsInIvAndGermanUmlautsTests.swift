import Testing
@testable import KontorSearch

@Suite("Verbs in -ivar / -iver / -ivare meet their conjugated forms; German typed without umlauts meets German with them")
struct VerbsInIvAndGermanUmlautsTests {
    @Test("'¿Cómo desactivo…?', 'je désactive', 'disattivo' find the guide that says desactivar / désactiver / disattivare")
    func conjugatedFormsMeetTheInfinitive() {
        let spanish = SearchIndex(documents: [
            article("off", .es, title: "Renovación", body: "Para desactivar la renovación, haga clic en el interruptor."),
            article("other", .es, title: "Facturas", body: "Una página sin relación."),
        ])
        for query in ["desactivo ", "desactiva ", "desactivas ", "desactivar "] { #expect(spanish.ids(query, language: .es) == ["off"], "\(query)") }
        let french = SearchIndex(documents: [
            article("off", .fr, title: "Renouvellement", body: "Pour désactiver le renouvellement, cliquez sur l'interrupteur."),
            article("other", .fr, title: "Factures", body: "Une page sans rapport."),
        ])
        for query in ["je désactive ", "désactives ", "désactiver "] { #expect(french.ids(query, language: .fr) == ["off"], "\(query)") }
        let italian = SearchIndex(documents: [
            article("off", .it, title: "Rinnovo", body: "Per disattivare il rinnovo, clicchi sull'interruttore."),
            article("other", .it, title: "Fatture", body: "Una pagina senza rapporto."),
        ])
        for query in ["disattivo ", "disattiva ", "disattivi "] { #expect(italian.ids(query, language: .it) == ["off"], "\(query)") }
    }

    @Test("German ae, oe, ue read as umlauts on both sides, but not ue after q")
    func germanWithoutUmlauts() {
        let index = SearchIndex(documents: [
            article("reset", .de, title: "Passwort", body: "So können Sie Ihr Passwort zurücksetzen."),
            article("delete", .de, title: "Konto", body: "Sie können Ihr Konto löschen."),
            article("other", .de, title: "Rechnungen", body: "Eine Seite ohne Bezug."),
        ])
        #expect(index.ids("passwort zuruecksetzen ", language: .de).first == "reset")
        #expect(index.ids("Konto loeschen ", language: .de).first == "delete")
        #expect(AnalysisSession.germanUmlauts(in: "zuruecksetzen") == "zurücksetzen")
        #expect(AnalysisSession.germanUmlauts(in: "aendern") == "ändern")
        #expect(AnalysisSession.germanUmlauts(in: "quelle") == "quelle")
        #expect(AnalysisSession.germanUmlauts(in: "konto") == "konto")
    }

    @Test("the ending must leave a word: 'iva' alone is not a verb")
    func theRule() {
        #expect(AnalysisSession.verbInIv("desactivo", endings: ["ivo"], infinitive: "ivar") == "desactivar")
        #expect(AnalysisSession.verbInIv("iva", endings: ["iva"], infinitive: "ivar") == "iva")
        #expect(AnalysisSession.verbInIv("factura", endings: ["iva"], infinitive: "ivar") == "factura")
    }
}
