import Fluent
import Foundation
import KontorDomain

/// The renewal e-mails (reminder before expiry, notice before an automatic or warranty renewal, confirmation after a
/// renewal, and each step of an unrenewed product: failed automatic renewal, grace, suspension, deletion),
/// queued through the outbox in the same transaction that records them, each in its reader's language.
/// Against phishing they carry no link at all: they name the product and the day, and send the reader to the
/// console they know.
struct RenewalNoticeMail {
    let composer: MailComposer
    let localizer: Localizer
    let defaultLanguage: Language

    /// Records the notice (unique per product, kind, expiry and day offset) and queues its e-mail; false when it
    /// was recorded before, by an earlier run or another server, and nothing was queued.
    @discardableResult
    func send(_ notice: RenewalNotice, for product: Product, expiresOn: String, extra: (Language) -> [String: String], now: Date,
              on db: any Database) async throws -> Bool {
        let productID = try product.requireID()
        let exists = try await RenewalNoticeRecord.query(on: db).filter(\.$productID == productID).filter(\.$kindRaw == notice.kind.rawValue)
            .filter(\.$expiresOn == expiresOn).filter(\.$daysBefore == notice.daysBefore).count() > 0
        guard !exists else { return false }
        let record = RenewalNoticeRecord()
        record.productID = productID
        record.kindRaw = notice.kind.rawValue
        record.expiresOn = expiresOn
        record.daysBefore = notice.daysBefore
        record.createdAt = now
        try await record.create(on: db)
        let organizationID = product.$organization.id
        let documentLanguage = try await Organization.documentLanguage(of: organizationID, default: defaultLanguage, on: db)
        let organization = try await Organization.find(organizationID, on: db)
        let row = try product.row
        var byLanguage: [Language: [String: String]] = [:]
        let outbox = Outbox(database: db, now: now)
        for recipient in try await Self.recipients(of: organizationID, on: db) {
            // Each reader in her own language; the invoice it may name keeps the organization's.
            let language = recipient.language ?? documentLanguage
            let arguments = byLanguage[language] ?? self.arguments(notice, for: row, expiresOn: expiresOn, organization: organization?.name ?? "",
                                                                   language: language, extra: extra(language))
            byLanguage[language] = arguments
            let mail = compose(notice, language: language, arguments: arguments.merging(["name": recipient.name ?? ""]) { own, _ in own })
            try await outbox.enqueue(to: recipient.email, subject: mail.subject, text: mail.text, html: mail.html)
        }
        return true
    }

    /// The same with `extra` worded alike in every language (a day as stored, a number).
    @discardableResult
    func send(_ notice: RenewalNotice, for product: Product, expiresOn: String, extra: [String: String] = [:], now: Date,
              on db: any Database) async throws -> Bool {
        try await send(notice, for: product, expiresOn: expiresOn, extra: { _ in extra }, now: now, on: db)
    }

    /// An `extra` entry: the day of the lifecycle's next step, as stored; shown as `{until}` in the e-mail's language.
    static let nextDay = "next_day"

    /// The placeholders of a renewal e-mail, in the order `arguments` are given to a template (`MailTemplateSet`).
    static let names = ["product", "kind", "organization", "day", "days", "until", "number", "how", "name"]

    /// What the e-mail names, formatted in `language`; `extra` adds what one kind of notice says (the confirmation's
    /// new expiry, invoice number and how it was renewed).
    func arguments(_ notice: RenewalNotice, for product: ProductRow, expiresOn: String, organization: String, language: Language,
                   extra: [String: String]) -> [String: String] {
        var arguments = extra
        arguments["product"] = product.name
        arguments["kind"] = product.kind.map { localizer.text("product.kind.\($0.rawValue)", language, [:]) } ?? product.kindRaw
        arguments["organization"] = organization
        arguments["day"] = DayFormatting.format(expiresOn, language)
        // The days really left, as the run counts them (`extra`), not the reminder setting that made it due.
        if arguments["days"] == nil { arguments["days"] = String(notice.daysBefore) }
        // The next step's day (`YYYY-MM-DD`), written as the language writes days.
        if let next = arguments.removeValue(forKey: Self.nextDay) { arguments["until"] = DayFormatting.format(next, language) }
        return arguments
    }

    /// The e-mail from `arguments` (the values, or a template's markers).
    func compose(_ notice: RenewalNotice, language: Language, arguments: [String: String]) -> (subject: String, text: String, html: String) {
        let base = "mail.renewal.\(notice.kind.rawValue)"
        return composer.compose(language: language, subjectKey: base + ".subject", paragraphs: ["mail.greeting", base + ".body", "mail.renewal.where"],
                                action: nil, arguments: arguments)
    }

    /// The legal representatives and administrators with a confirmed address and an active account.
    static func recipients(of organizationID: UUID, on db: any Database) async throws -> [InvoiceNotices.Recipient] {
        try await BillingRecipients.people(of: [organizationID], on: db)[organizationID] ?? []
    }
}
