import Fluent
import Foundation
import KontorDomain
import KontorMail

/// Turns an outbox message's attachment reference into the file, at delivery time.
struct MailAttachmentResolver: Sendable {
    let database: any Database
    let billing: BillingConfiguration
    let localizer: Localizer
    let providerCountry: String

    /// Why a reference gave no file. Thrown into the delivery's error path, so the message is retried and, if it
    /// never resolves, shown to staff as failed, exactly like a relay that keeps refusing it.
    struct Unresolvable: Error, CustomStringConvertible {
        let reference: String
        let reason: String
        var description: String { "attachment \(reference) cannot be made: \(reason)" }
    }

    func resolve(_ reference: String) async throws -> [MailMessage.Attachment] {
        switch MailAttachmentReference(reference) {
        case nil:
            throw Unresolvable(reference: reference, reason: "unknown kind of attachment")
        case .invoicePDF(let id)?:
            guard let invoice = try await Invoice.find(id, on: database) else {
                throw Unresolvable(reference: reference, reason: "the invoice does not exist")
            }
            let queries = InvoiceQueries(db: database, config: billing)
            let bytes = try await InvoicePDF(queries: queries, localizer: localizer, providerCountry: providerCountry).render(invoice)
            return [MailMessage.Attachment(filename: "\(invoice.number).pdf", contentType: "application/pdf", data: bytes)]
        }
    }
}
