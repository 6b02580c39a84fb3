import Crypto
import Foundation

extension OrderRequest.Input {
    /// What a retry must repeat for its idempotency key to answer the first order: every field of the request as an
    /// order reads it — item, period in months, currency upper-cased, Renewal Warranty, name trimmed (empty for the
    /// item's own), billing address (none for the default) — hashed with SHA-256, as the staff API hashes its bodies.
    /// The same request gives the same value however its JSON or form was spelled; any other request another value.
    public func fingerprint(itemID: UUID?, billingAddressID: UUID?) -> String {
        let fields = [
            itemID?.uuidString ?? "",
            period.flatMap(BillingPeriod.init).map { String($0.months) } ?? (period ?? ""),
            currency?.trimmingCharacters(in: .whitespaces).uppercased() ?? "",
            renewalWarranty ? "renewal-warranty" : "",
            (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            billingAddressID?.uuidString ?? "",
        ]
        // Each field with its length in front, so no two requests spell the same text.
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: ";")
        return Hex.encode(SHA256.hash(data: Data(canonical.utf8)))
    }
}
