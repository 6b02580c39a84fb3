import Fluent
import Foundation
import KontorDomain

/// The renewal e-mails (reminder before expiry, notice before an automatic renewal, confirmation after a renewal),
/// queued through the outbox in the same transaction that records them, in the organization's document language.
/// Against phishing they carry no link at all: they name the product and the day, and send the reader to the
/// console they know.
struct RenewalNoticeMail {
    let composer: MailComposer
    let localizer: Localizer
    let defaultLanguage: Language

    /// Records the notice (unique per product, kind, expiry and day offset) and queues its e-mail; false when it
    /// was recorded before, by an earlier run or another server, and nothing was queued.
    @discardableResult
    func send(_ notice: RenewalNotice, for product: Product, expiresOn: String, extra: [String: String] = [:], now: Date,
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
        let language = try await Organization.documentLanguage(of: organizationID, default: defaultLanguage, on: db)
        let organization = try await Organization.find(organizationID, on: db)
        var arguments = extra
        arguments["product"] = product.name
        arguments["kind"] = product.kind.map { localizer.text("product.kind.\($0.rawValue)", language, [:]) } ?? product.kindRaw
        arguments["organization"] = organization?.name ?? ""
        arguments["day"] = BillingDayFormatting.format(expiresOn, language)
        arguments["days"] = String(notice.daysBefore)
        let base = "mail.renewal.\(notice.kind.rawValue)"
        let outbox = Outbox(database: db, now: now)
        for recipient in try await Self.recipients(of: organizationID, on: db) {
            let mail = composer.compose(language: language, subjectKey: base + ".subject",
                                        paragraphs: ["mail.greeting", base + ".body", "mail.renewal.where"], action: nil,
                                        arguments: arguments.merging(["name": recipient.name]) { own, _ in own })
            try await outbox.enqueue(to: recipient.email, subject: mail.subject, text: mail.text, html: mail.html)
        }
        return true
    }

    /// The legal representatives and administrators with a confirmed address and an active account.
    static func recipients(of organizationID: UUID, on db: any Database) async throws -> [(email: String, name: String)] {
        var seen = Set<String>()
        return try await Membership.members(of: organizationID, on: db)
            .filter { [.legalRepresentative, .administrator].contains($0.role) && $0.user.emailVerifiedAt != nil && $0.user.disabledAt == nil }
            .compactMap { seen.insert($0.user.email.lowercased()).inserted ? ($0.user.email, $0.user.name) : nil }
    }
}
