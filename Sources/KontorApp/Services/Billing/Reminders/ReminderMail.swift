import Fluent
import Foundation
import KontorDomain
import SQLKit

/// The reminder e-mail, in the invoice's language. It states what a fraudster would not know — customer number,
/// invoice number, exact amount — and the day up to which payments were counted; it carries the invoice with its
/// QR-bill (the invoice's own reference, so a payment from an old slip still matches) and no link at all: the
/// customer checks it in the console, where every reminder sent is listed (payments.md, "Against phishing").
struct ReminderMail: Sendable {
    let composer: MailComposer
    let localizer: Localizer
    let config: BillingConfiguration

    /// One reminder to one recipient: its template and its own values (`MailTemplate`), and the subject filled in.
    struct Message: Sendable {
        let recipient: String
        let subject: String
        let template: MailTemplate
        let values: [String]
        let invoiceID: UUID

        /// The e-mail as it will be sent.
    }

    /// What a reminder says about its invoice: facts fixed at issue, plus the open amount the reminder records.
    struct InvoiceFacts: Sendable {
        let id: UUID
        let number: String
        let customerNumber: Int64
        let language: Language
        let open: Money
        let issuedOn: String
        let dueOn: String
        let reference: String?
    }

    func feeLine(number: String, language: Language) -> String {
        localizer.text("mail.reminder.fee_line", language, ["number": number])
    }

    /// The message for one invoice and recipient. `templates` keeps each (language, step, fee) rendered once with
    /// markers in place of the values, so a run over 100,000 invoices fills in values instead of composing mail.
    func message(to recipient: String, invoice: InvoiceFacts, step: DunningLadder.Step, paymentsUntil: String, fee: Money?,
                 templates: inout ReminderMailTemplates) -> Message {
        let language = invoice.language
        let suspensionDay = config.day(invoice.dueOn, plus: config.ladder.days[.suspension]!)
        let values = [
            invoice.number, String(invoice.customerNumber), MoneyFormatting.format(invoice.open, language),
            BillingDayFormatting.format(invoice.issuedOn, language), BillingDayFormatting.format(invoice.dueOn, language),
            BillingDayFormatting.format(paymentsUntil, language), BillingDayFormatting.format(suspensionDay, language),
            fee.map { MoneyFormatting.format($0, language) } ?? "", invoice.reference.flatMap(PaymentReference.init)?.printed ?? "",
        ]
        let (template, subject) = templates.template(language: language, step: step, hasFee: fee != nil) { arguments in
            compose(language: language, step: step, hasFee: fee != nil, arguments: arguments)
        }
        return Message(recipient: recipient, subject: subject.filled(with: values), template: template, values: values, invoiceID: invoice.id)
    }

    /// The reminder composed from the catalog with `arguments` (markers for a template, or the values themselves).
    func compose(language: Language, step: DunningLadder.Step, hasFee: Bool, arguments: [String: String]) -> (subject: String, text: String, html: String) {
        let stepKey = switch step {
        case .reminder1: "first"
        case .reminder2: "second"
        case .finalNotice: "final"
        case .suspension: "suspension"
        }
        var paragraphs = ["mail.reminder.\(stepKey).intro", "mail.reminder.counted", "mail.reminder.how_to_pay"]
        if hasFee { paragraphs.insert("mail.reminder.fee", at: 1) }
        if step == .finalNotice { paragraphs.insert("mail.reminder.final.warning", at: 1) }
        paragraphs += ["mail.reminder.already_paid", "mail.billing.no_links"]
        return composer.compose(language: language, subjectKey: "mail.reminder.\(stepKey).subject", paragraphs: paragraphs, action: nil,
                                arguments: arguments)
    }

    /// Queues many messages in the caller's transaction: their templates once (`TemplatedMail.store`), then one
    /// insert of the messages, the rows as one JSON bind (`JSONRows`), each with its subject, template and values.
    static func enqueue(_ messages: [Message], now: Date, on db: any Database) async throws {
        guard !messages.isEmpty else { return }
        var templates: [UUID: MailTemplate] = [:]
        for message in messages where templates[message.template.id] == nil { templates[message.template.id] = message.template }
        try await TemplatedMail.store(Array(templates.values), now: now, on: db)
        let sql = db as! any SQLDatabase
        var rows = JSONRows([.uuid, .text, .text, .uuid, .text, .text])
        for message in messages {
            rows.append([.uuid(UUID()), .text(message.recipient), .text(message.subject), .uuid(message.template.id),
                         .text(TemplatedMail.encode(message.values)), .text(MailAttachmentReference.invoicePDF(message.invoiceID).text)])
        }
        try await sql.raw("""
            INSERT INTO outbox_messages (id, recipient, subject, template_id, template_values, attachment, text_body, headers_json, created_at,
              attempts, next_attempt_at)
            SELECT \(unsafeRaw: rows.columns(on: sql)), \(bind: ""), \(bind: "{}"), \(bind: now), \(bind: 0), \(bind: now) FROM \(rows.source(on: sql))
            """).run()
    }
}
