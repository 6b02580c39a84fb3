import Fluent
import Foundation
import KontorDomain

/// The e-mail that announces an invoice or credit note, with its PDF attached.
///
/// Queued in the transaction that issues the document, so a document is announced exactly when it exists. The PDF
/// is named, not rendered, here (`MailAttachmentReference.invoicePDF`): delivery makes it. Against phishing
/// (payments.md) the mail has no link at all and asks for nothing secret; it carries what a fraudster does not know
/// (customer number, number, exact amount) and sends the reader to the console, which shows the same document.
enum InvoiceNotices {
    /// Queues one notice per recipient (`recipients(of:on:)`), in the language the document was issued in, since
    /// the attached PDF is in it. Returns how many were queued.
    @discardableResult
    static func enqueueIssued(_ invoice: Invoice, on db: any Database, composer: MailComposer, now: Date) async throws -> Int {
        guard let organization = try await Organization.find(invoice.$organization.id, on: db) else { return 0 }
        let language = Language(rawValue: invoice.language) ?? .en
        let money = { (minor: Int64) in MoneyFormatting.format(Money(minorUnits: minor, currency: invoice.currency), language) }
        var arguments = [
            "number": invoice.number, "organization": organization.name, "customer": String(invoice.customerNumber),
            "amount": money(invoice.totalMinor), "due": BillingDayFormatting.format(invoice.dueOn, language),
            "reference": invoice.paymentReference?.printed ?? "",
        ]
        let subjectKey: String, paragraphs: [String]
        if invoice.isCreditNote {
            if let originalID = invoice.creditsInvoiceID { arguments["invoice"] = try await Invoice.find(originalID, on: db)?.number }
            subjectKey = "mail.credit_note.subject"
            paragraphs = ["mail.credit_note.body", "mail.credit_note.effect"]
        } else if invoice.openMinor == 0 {
            subjectKey = "mail.invoice.subject"
            paragraphs = [invoice.totalMinor == 0 ? "mail.invoice.nothing_due" : "mail.invoice.paid_from_balance"]
        } else {
            subjectKey = "mail.invoice.subject"
            paragraphs = ["mail.invoice.due", "mail.invoice.how_to_pay"]
        }
        let outbox = Outbox(database: db, now: now)
        let attachment = MailAttachmentReference.invoicePDF(try invoice.requireID()).text
        let recipients = try await recipients(of: invoice, on: db)
        for recipient in recipients {
            let greeting = recipient.name == nil ? "mail.greeting.anonymous" : "mail.greeting"
            let mail = composer.compose(language: language, subjectKey: subjectKey,
                                        paragraphs: [greeting] + paragraphs + ["mail.invoice.genuine"], action: nil,
                                        arguments: arguments.merging(["name": recipient.name ?? ""]) { own, _ in own })
            try await outbox.enqueue(to: recipient.email, subject: mail.subject, text: mail.text, html: mail.html, attachment: attachment)
        }
        return recipients.count
    }

    struct Recipient: Equatable, Sendable {
        var email: String
        /// Nil for the billing address's invoice e-mail, which belongs to no one in particular (an accounting desk).
        var name: String?
    }

    /// The billing address's invoice e-mail when it has one; otherwise the organization's legal representatives and
    /// administrators whose address is confirmed and whose account is active: the people who may pay.
    static func recipients(of invoice: Invoice, on db: any Database) async throws -> [Recipient] {
        if let email = invoice.invoiceEmail?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
            return [Recipient(email: email, name: nil)]
        }
        var seen = Set<String>()
        return try await Membership.members(of: invoice.$organization.id, on: db)
            .filter { [.legalRepresentative, .administrator].contains($0.role) && $0.user.emailVerifiedAt != nil && $0.user.disabledAt == nil }
            .compactMap { seen.insert($0.user.email.lowercased()).inserted ? Recipient(email: $0.user.email, name: $0.user.name) : nil }
    }
}
