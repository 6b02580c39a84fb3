import Testing
@testable import KontorSearch

@Suite("Ranking")
struct RankingTests {
    @Test("A title match ranks above a body match")
    func titleAboveBody() {
        let index = SearchIndex(documents: [
            article("body", title: "Preguntas generales", body: "Aquí explicamos cómo hacer una copia de seguridad."),
            article("title", title: "Copia de seguridad", body: "Aquí explicamos cómo hacerla paso a paso."),
        ])
        #expect(index.ids("copia de seguridad") == ["title", "body"])
    }

    @Test("A search keyword makes the article the one about that word, above an article that mentions it in passing")
    func keywordAbovePassingMention() {
        let variables = article("variables", title: "Variables de entorno",
                                body: "Marque Secreta para una contraseña o una clave. Para cambiar un valor, escriba otro.")
        func password(keywords: [String]) -> SearchDocument {
            article("password", title: "Cambiar su contraseña", body: "Abra su perfil y escriba la contraseña nueva.", keywords: keywords)
        }
        #expect(SearchIndex(documents: [variables, password(keywords: ["clave", "clave de acceso"])]).ids("cambiar la clave").first == "password")
        #expect(SearchIndex(documents: [variables, password(keywords: [])]).ids("cambiar la clave").first == "variables",
                "without the keyword the passing mention wins: the keyword is what moves the guide up")
    }

    @Test("Fields weigh title, then headings, then summary, then body")
    func fieldWeights() {
        let index = SearchIndex(documents: [
            article("body", title: "Uno", summary: "Texto corto.", headings: ["Otro"], body: "Hablamos del dominio."),
            article("summary", title: "Dos", summary: "Hablamos del dominio.", headings: ["Otro"], body: "Texto corto."),
            article("headings", title: "Tres", summary: "Texto corto.", headings: ["Hablamos del dominio"], body: "Texto corto."),
            article("title", title: "Dominio", summary: "Texto corto.", headings: ["Otro"], body: "Texto corto."),
        ])
        #expect(index.ids("dominio") == ["title", "headings", "summary", "body"])
    }

    @Test("An exact word ranks above a stemmed one, which ranks above a typo")
    func exactAboveStemmedAboveTypo() {
        let index = SearchIndex(documents: [
            // A word no dictionary knows, so its neighbour one letter away counts as a typo of it (a word spelled right
            // is never corrected: see TypoToleranceTests).
            article("typo", .en, title: "Billing", body: "Download the webmailor today."),
            article("stemmed", .en, title: "Billing", body: "Download the webmailers today."),
            article("exact", .en, title: "Billing", body: "Download the webmailer today."),
        ])
        #expect(index.ids("webmailer", language: .en) == ["exact", "stemmed", "typo"])
    }

    @Test("A document matching as typed ranks above one that needs a correction, even in its title")
    func typedAboveCorrectedEvenInTitle() {
        let index = SearchIndex(documents: [
            article("corrected", title: "Facturas pendentes", body: "Resumen."),
            article("typed", title: "Facturas", body: "Consulta aquí tus facturas pendientes de pago."),
        ])
        #expect(index.ids("facturas pendientes") == ["typed", "corrected"])
    }

    @Test("The guide that names the question's subject in its title ranks above one that uses its everyday words")
    func subjectInTitleAboveEverydayWords() {
        let index = SearchIndex(documents: [
            article("everyday", title: "Prefijo de las bases de datos",
                    body: "Puede dejar la opción activada y ver la lista de bases con su equipo."),
            article("subject", title: "Acceso temporal del soporte", body: "Conceda al soporte un acceso temporal desde la configuración."),
        ])
        #expect(index.ids("dejar al equipo ver el acceso del soporte") == ["subject", "everyday"])
    }

    @Test("A word in a guide's title names its subject more than the same word in another guide's step heading")
    func titleAboveStepHeading() {
        let index = SearchIndex(documents: [
            // Written as steps, like many providers' guides: the headings are everyday steps, not the subject.
            article("mailbox", .en, title: "Mailbox password",
                    headings: ["Log in to the control panel", "Open the control panel's mail section", "Type the new password"],
                    body: "In the control panel, pick the mailbox and type the new password twice. The control panel "
                        + "shows how strong the password is; a strong password has at least twelve characters."),
            article("account", .en, title: "If you have forgotten the password you use for the control panel itself",
                    body: "Follow the link in the message we send you, then choose a new one and sign in again with it "
                        + "on the sign-in page of your customer area."),
        ])
        let results = index.search("control panel password", language: .en)
        #expect(results.hits.map(\.id) == ["account", "mailbox"])
    }

    @Test("Without search keywords, a guide's summary names its subject as a heading does; with them, the editor's words decide")
    func summaryNamesTheSubjectWhereNoEditorDid() {
        // A provider's FAQ imported as it is: the title asks the question in other words, the summary names the tool.
        let access = article("access", .en, title: "How do I read my email from a web browser?",
                             summary: "Open webmail in any browser and sign in with your address and mail password.",
                             body: "You can read mail without a mail program. If the address does not open, check the domain's DNS.")
        // A guide that uses the same words in passing, again and again.
        let passing = article("program", .en, title: "Setting up a mail program on a new computer",
                              body: "Your mail program asks for the password of the mailbox, the same password as in webmail. "
                                  + "Keep webmail open to compare the settings; if the password is refused there as well, reset the password.")
        #expect(SearchIndex(documents: [passing, access]).ids("webmail password", language: .en).first == "access")

        // The same guides with an editor's keywords: those say what each is about, and the summary counts as text.
        var tagged = access, taggedPassing = passing
        tagged.keywords = ["reading mail online"]
        taggedPassing.keywords = ["mail program"]
        #expect(SearchIndex(documents: [taggedPassing, tagged]).ids("webmail password", language: .en).first == "program")
    }

    @Test("A provider's category tags do not stop the summary from naming the subject: only an editor's keywords do")
    func categoryTagsLeaveTheSummaryASubject() {
        // The same guides as above, each filed under one category tag by its provider, as imported.
        var access = article("access", .en, title: "How do I read my email from a web browser?",
                             summary: "Open webmail in any browser and sign in with your address and mail password.",
                             body: "You can read mail without a mail program. If the address does not open, check the domain's DNS.")
        var passing = article("program", .en, title: "Setting up a mail program on a new computer",
                              body: "Your mail program asks for the password of the mailbox, the same password as in webmail. "
                                  + "Keep webmail open to compare the settings; if the password is refused there as well, reset the password.")
        access.tags = ["email"]
        passing.tags = ["email"]
        #expect(SearchIndex(documents: [passing, access]).ids("webmail password", language: .en).first == "access")
    }

    @Test("Documents matching every word rank above those matching some")
    func allWordsAboveSomeWords() {
        let index = SearchIndex(documents: [
            article("some", title: "Contraseña", summary: "Contraseña segura", body: "La contraseña, siempre la contraseña."),
            article("all", title: "Ajustes del perfil", body: "Aquí puedes cambiar tu contraseña."),
        ])
        #expect(index.ids("cambiar contraseña") == ["all", "some"])
    }

    @Test("Words next to each other rank above the same words far apart")
    func proximity() {
        let filler = "texto de relleno sin importancia alguna para separar"
        let index = SearchIndex(documents: [
            article("apart", title: "Ayuda", body: "Recibirás un código \(filler) \(filler) de soporte."),
            article("together", title: "Ayuda", body: "Recibirás un código de soporte \(filler) \(filler)."),
        ])
        #expect(index.ids("código soporte") == ["together", "apart"])
    }

    @Test("Popularity breaks ties but never beats relevance")
    func popularityIsOnlyATieBreaker() {
        let index = SearchIndex(documents: [
            article("quiet", title: "Renovar el dominio", body: "Paso a paso.", popularity: 10),
            article("popular", title: "Renovar el dominio", body: "Paso a paso.", popularity: 50_000),
            article("viral", title: "Novedades", body: "Cómo renovar tu dominio.", popularity: 10_000_000),
        ])
        #expect(index.ids("renovar dominio") == ["popular", "quiet", "viral"])
    }

    @Test("Natural questions are answered by the article about it", arguments: [
        ("olvidé mi contraseña", SearchLanguage.es, "forgot"),
        ("where is my support code", .en, "support-code"),
        ("pourquoi j'ai reçu un rappel de paiement", .fr, "reminder"),
        ("Wie ändere ich meine Rechnungsadresse?", .de, "address"),
        ("come invito un utente nell'organizzazione", .it, "invite"),
    ])
    func naturalQuestions(query: String, language: SearchLanguage, expected: String) {
        let index = SearchIndex(documents: [
            article("forgot", .es, title: "He olvidado mi contraseña", body: "Pide un enlace para crear una nueva."),
            article("password-rules", .es, title: "Requisitos de la contraseña", body: "Doce caracteres como mínimo."),
            article("support-code", .en, title: "Your support code", body: "Give this code to our team when you call."),
            article("support-hours", .en, title: "Support hours", body: "We answer around the clock."),
            article("reminder", .fr, title: "Rappel de paiement", body: "Vous recevez un rappel quand une facture est impayée."),
            article("payment-methods", .fr, title: "Moyens de paiement", body: "Carte ou virement."),
            article("address", .de, title: "Rechnungsadresse ändern", body: "Die Adresse steht auf jeder Rechnung."),
            article("invoices", .de, title: "Rechnungen herunterladen", body: "Alle Rechnungen als PDF."),
            article("invite", .it, title: "Invitare utenti nell'organizzazione", body: "Invia un invito via email."),
            article("leave", .it, title: "Lasciare un'organizzazione", body: "Puoi uscire in qualsiasi momento."),
        ])
        #expect(index.ids(query, language: language).first == expected)
    }
}

@Suite("Clear matches")
struct ClearMatchTests {
    let index = SearchIndex(documents: [
        article("invite", title: "Invitar a alguien", body: "Escribe su dirección y pulsa enviar."),
        article("settings", title: "Cambiar los ajustes", body: "Preguntas frecuentes sobre la cuenta."),
        article("codes", title: "Códigos de soporte",
                body: "El código de soporte identifica su cuenta cuando llama. Lo encuentra en su perfil y lo puede "
                    + "renovar o cambiar cuando quiera. El equipo no lo pide para invitar a nadie, "
                    + "solo para identificarle por teléfono de forma rápida y segura sin pedirle datos personales."),
    ])

    @Test("An everyday verb mentioned in passing does not outrank the guide matching the informative word")
    func fillerVerbDoesNotDecide() {
        let ids = index.ids("como invitar y cambiar")
        #expect(ids.contains("codes"))
        #expect((ids.firstIndex(of: "invite") ?? .max) < (ids.firstIndex(of: "codes") ?? .max),
                "the support-code guide only mentions both words in passing")
    }

    @Test("A word mentioned in passing still counts when no guide matches it better")
    func passingMentionStillCountsAlone() {
        #expect(index.ids("identificarle").first == "codes")
        #expect(index.ids("renovar invitar").first == "invite", "the title match is clear, the body mention is not")
    }
}
