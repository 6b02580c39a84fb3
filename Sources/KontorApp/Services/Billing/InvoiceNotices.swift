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
    static func enqueueIssued(_ model: Invoice, on db: any Database, composer: MailComposer, now: Date) async throws -> Int {
        let invoice = try model.issued
        guard let organization = try await Organization.find(invoice.organizationID, on: db) else { return 0 }
        var credited: String?
        if invoice.isCreditNote, let originalID = invoice.creditsInvoiceID { credited = try await Invoice.find(originalID, on: db)?.number }
        let arguments = arguments(of: invoice, organization: organization.name, credited: credited)
        let outbox = Outbox(database: db, now: now)
        let attachment = MailAttachmentReference.invoicePDF(invoice.id).text
        let recipients = try await recipients(of: invoice, on: db)
        for recipient in recipients {
            let mail = compose(invoice, to: recipient, arguments: arguments, composer: composer)
            try await outbox.enqueue(to: recipient.email, subject: mail.subject, text: mail.text, html: mail.html, attachment: attachment)
        }
        return recipients.count
    }

    /// The notices of invoices issued together (`InvoiceIssuer.issueMany`), the same e-mails `enqueueIssued` writes,
    /// as templates and values (`MailTemplateSet`) for `TemplatedMail` to queue in a few statements. `people` are the organizations'
    /// recipients for invoices without an invoice e-mail (`BillingRecipients.people`).
    static func issuedMessages(_ invoices: [IssuedInvoice], organizationNames: [UUID: String], people: [UUID: [Recipient]],
                               composer: MailComposer) -> [TemplatedMail.Message] {
        var templates = MailTemplateSet(names: ["number", "organization", "customer", "amount", "due", "reference", "name"])
        var messages: [TemplatedMail.Message] = []
        messages.reserveCapacity(invoices.count)
        for invoice in invoices where !invoice.isCreditNote {
            let organizationID = invoice.organizationID
            let arguments = arguments(of: invoice, organization: organizationNames[organizationID] ?? "", credited: nil)
            let (subjectKey, paragraphs) = content(of: invoice)
            let attachment = MailAttachmentReference.invoicePDF(invoice.id).text
            for recipient in recipients(of: invoice, people: people[organizationID] ?? []) {
                let values = templates.names.map { name in name == "name" ? recipient.name ?? "" : arguments[name] ?? "" }
                let variant = "\(invoice.language)|\(subjectKey)|\(paragraphs.joined(separator: ","))|\(recipient.name == nil)"
                messages.append(templates.message(variant, to: recipient.email, values: values, attachment: attachment) { markers in
                    compose(invoice, to: recipient, arguments: markers, composer: composer)
                })
            }
        }
        return messages
    }

    /// What the notice names: the document, the organization, the customer number, the amount, the due day and the
    /// payment reference, formatted in the document's language; `credited` is the invoice a credit note reduces.
    private static func arguments(of invoice: IssuedInvoice, organization: String, credited: String?) -> [String: String] {
        let language = Language(rawValue: invoice.language) ?? .en
        var arguments = [
            "number": invoice.number, "organization": organization, "customer": String(invoice.customerNumber),
            "amount": MoneyFormatting.format(Money(minorUnits: invoice.totalMinor, currency: invoice.currency), language),
            "due": DayFormatting.format(invoice.dueOn, language), "reference": invoice.paymentReference?.printed ?? "",
        ]
        if let credited { arguments["invoice"] = credited }
        return arguments
    }

    /// The subject and the paragraphs after the greeting: a credit note, an invoice paid already (from the balance,
    /// or nothing due), or one to pay.
    private static func content(of invoice: IssuedInvoice) -> (subjectKey: String, paragraphs: [String]) {
        if invoice.isCreditNote { return ("mail.credit_note.subject", ["mail.credit_note.body", "mail.credit_note.effect"]) }
        if invoice.openMinor == 0 {
            return ("mail.invoice.subject", [invoice.totalMinor == 0 ? "mail.invoice.nothing_due" : "mail.invoice.paid_from_balance"])
        }
        return ("mail.invoice.subject", ["mail.invoice.due", "mail.invoice.how_to_pay"])
    }

    /// The notice to one recipient; `arguments` are the values, or a template's markers.
    private static func compose(_ invoice: IssuedInvoice, to recipient: Recipient, arguments: [String: String],
                                composer: MailComposer) -> (subject: String, text: String, html: String) {
        let (subjectKey, paragraphs) = content(of: invoice)
        let greeting = recipient.name == nil ? "mail.greeting.anonymous" : "mail.greeting"
        var arguments = arguments
        if arguments["name"] == nil { arguments["name"] = recipient.name ?? "" }
        return composer.compose(language: Language(rawValue: invoice.language) ?? .en, subjectKey: subjectKey,
                                paragraphs: [greeting] + paragraphs + ["mail.invoice.genuine"], action: nil, arguments: arguments)
    }

    struct Recipient: Equatable, Sendable {
        var email: String
        /// Nil for the billing address's invoice e-mail, which belongs to no one in particular (an accounting desk).
        var name: String?
        /// The person's own language (her profile's), for the e-mails that are hers rather than the document's: the
        /// product lifecycle's. Nil for an address that belongs to no one.
        var language: Language? = nil
    }

    /// The billing address's invoice e-mail when it has one; otherwise the organization's legal representatives and
    /// administrators whose address is confirmed and whose account is active: the people who may pay.
    static func recipients(of invoice: IssuedInvoice, on db: any Database) async throws -> [Recipient] {
        if invoice.invoiceEmail?.trimmedAsFoundation(newlines: false).isEmpty == false { return recipients(of: invoice, people: []) }
        let organizationID = invoice.organizationID
        return recipients(of: invoice, people: try await BillingRecipients.people(of: [organizationID], on: db)[organizationID] ?? [])
    }

    private static func recipients(of invoice: IssuedInvoice, people: [Recipient]) -> [Recipient] {
        if let email = invoice.invoiceEmail?.trimmedAsFoundation(newlines: false), !email.isEmpty { return [Recipient(email: email, name: nil)] }
        return people
    }
}
