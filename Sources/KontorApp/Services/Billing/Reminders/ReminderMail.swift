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

    struct Message: Sendable {
        let recipient: String
        let subject: String
        let text: String
        let html: String
        let invoiceID: UUID
    }

    func feeLine(invoice: Invoice) -> String {
        localizer.text("mail.reminder.fee_line", Language(rawValue: invoice.language) ?? .en, ["number": invoice.number])
    }

    func message(to recipient: String, invoice: Invoice, step: DunningLadder.Step, paymentsUntil: String, fee: Money?) -> Message {
        let language = Language(rawValue: invoice.language) ?? .en
        let stepKey = switch step {
        case .reminder1: "first"
        case .reminder2: "second"
        case .finalNotice: "final"
        case .suspension: "suspension"
        }
        var paragraphs = ["mail.reminder.\(stepKey).intro", "mail.reminder.counted", "mail.reminder.how_to_pay"]
        if fee != nil { paragraphs.insert("mail.reminder.fee", at: 1) }
        if step == .finalNotice { paragraphs.insert("mail.reminder.final.warning", at: 1) }
        paragraphs += ["mail.reminder.already_paid", "mail.billing.no_links"]
        let suspensionDay = config.day(invoice.dueOn, plus: config.ladder.days[.suspension]!)
        let mail = composer.compose(language: language, subjectKey: "mail.reminder.\(stepKey).subject", paragraphs: paragraphs, action: nil, arguments: [
            "number": invoice.number, "customer": String(invoice.customerNumber),
            "amount": MoneyFormatting.format(invoice.open, language), "issued": BillingDayFormatting.format(invoice.issuedOn, language),
            "due": BillingDayFormatting.format(invoice.dueOn, language), "until": BillingDayFormatting.format(paymentsUntil, language),
            "suspension": BillingDayFormatting.format(suspensionDay, language),
            "fee": fee.map { MoneyFormatting.format($0, language) } ?? "",
            "reference": invoice.paymentReference?.printed ?? "",
        ])
        return Message(recipient: recipient, subject: mail.subject, text: mail.text, html: mail.html, invoiceID: invoice.id!)
    }

    /// Queues many messages with multi-row inserts, in the caller's transaction.
    static func enqueue(_ messages: [Message], now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for chunk in messages.chunked(200) {
            var insert = sql.insert(into: "outbox_messages").columns("id", "recipient", "subject", "text_body", "html_body", "headers_json",
                                                                     "created_at", "attempts", "next_attempt_at", "attachment")
            for message in chunk {
                insert = insert.values([SQLBind(UUID()), SQLBind(message.recipient), SQLBind(message.subject), SQLBind(message.text),
                                        SQLBind(message.html), SQLBind("{}"), SQLBind(now), SQLBind(0), SQLBind(now),
                                        SQLBind(MailAttachmentReference.invoicePDF(message.invoiceID).text)])
            }
            try await insert.run()
        }
    }
}
