import Testing
@testable import KontorSearch

@Suite("A long question is read whole: the words that tell guides apart count, wherever the customer put them")
struct LongQuestionsTests {
    /// Three guides: the one the questions below are about, and two that share their preamble's everyday words.
    static let documents = [
        article("sms", .es, title: "Código por SMS", body: "Introduzca el código de seis cifras que le llega por SMS."),
        article("client", .es, title: "Su cuenta de cliente", body: "Desde la consola puede entrar en su cuenta de cliente."),
        article("console", .es, title: "La consola", body: "La consola muestra su cuenta: entrar, salir, cambiar de cuenta."),
    ]
    static let question = "hola buenas, llevo años siendo cliente vuestro y desde ayer cuando intento entrar en la consola "
        + "me dice que el código que me llega por sms no es válido"

    @Test("the subject at the end of a question, after a greeting and a preamble, finds its guide")
    func subjectAfterAPreamble() {
        let index = SearchIndex(documents: Self.documents)
        #expect(index.ids(Self.question, language: .es).first == "sms")
        #expect(index.ids(Self.question + " ", language: .es).first == "sms")
    }

    @Test("the words kept are those the guides know, then the later of the others, in the question's order")
    func rarestWordsInOrder() {
        let spanish = IndexBuilder.build(language: .es, documents: Self.documents, synonyms: [])
        let words = QueryPlan(query: Self.question + " ", index: spanish).slots.map(\.forms.word)
        // Every word the guides have; of the real words they lack, the greeting and the start of the preamble gave
        // their places ("hola", "buenas", "llevo", "años", "siendo", "vuestro").
        #expect(words == ["cliente", "ayer", "intento", "entrar", "consola", "dice", "codigo", "llega", "sms", "valido"])
        #expect(words.count == QueryPlan.maximumWords)
    }

    @Test("of more words the guides know than are read, the ones in every guide give their places")
    func commonWordsGiveWay() {
        let spanish = IndexBuilder.build(language: .es, documents: [
            article("sms", .es, title: "Código por SMS", body: "Introduzca el código de verificación temporal que le llega por SMS en la consola de su cuenta."),
            article("invoice", .es, title: "Factura mensual", body: "La factura llega cada mes a la consola de su cuenta; puede pagar con tarjeta."),
            article("domain", .es, title: "Dominio caducado", body: "Renueve el dominio en la consola de su cuenta antes de la fecha."),
        ], synonyms: [])
        let question = "en mi cuenta de la consola quiero pagar la factura del dominio con tarjeta antes de la fecha, "
            + "pero el código de verificación temporal del sms no llega "
        #expect(QueryPlan(query: question, index: spanish).slots.map(\.forms.word)
            == ["pagar", "factura", "dominio", "tarjeta", "fecha", "codigo", "verificacion", "temporal", "sms", "llega"])
    }

    @Test("German words rewritten for the guides are read to the end of the question too ('Passwortänderung')")
    func germanRewrittenWords() {
        let index = SearchIndex(documents: [
            article("password", .de, title: "Passwort ändern", body: "So ändern Sie Ihr Passwort in der Konsole."),
            article("customer", .de, title: "Kundennummer", body: "Ihre Kundennummer steht seit Jahren in der Konsole, oben rechts."),
        ])
        let question = "Grüezi, ich bin seit vielen Jahren Kunde bei Ihnen und habe gestern lange in der Konsole oben "
            + "rechts gesucht, aber ich finde die Passwortänderung nicht"
        #expect(index.ids(question, language: .de).first == "password")
    }

    @Test("a misspelled word the guides lack is kept, to be corrected; the word still being typed is kept")
    func typosAndTheWordBeingTyped() {
        let index = SearchIndex(documents: Self.documents)
        let misspelled = "hola buenas, llevo años siendo cliente vuestro y desde ayer cuando intento entrar en la consola "
            + "me dice que el códgo del sms no es válido "
        #expect(index.search(misspelled, language: .es).correctedTerms["códgo"] == "código")
        let spanish = IndexBuilder.build(language: .es, documents: Self.documents, synonyms: [])
        let typing = "hola buenas, llevo años siendo cliente vuestro y desde ayer cuando intento entrar en la consola "
            + "me dice que el código no es válido y no me llega el sm"
        let last = QueryPlan(query: typing, index: spanish).slots.last
        #expect(last?.typed == "sm" && last?.isPrefix == true)
    }
}
