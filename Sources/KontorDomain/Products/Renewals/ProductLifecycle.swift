/// Where a product stands in its life (issue 13 §2): ordered and waiting for payment, running, expired but still
/// served for a grace period, suspended (expired past its grace, or by billing's reminder ladder), and finally
/// deleted after the retention period. Stored as the raw value.
public enum ProductState: String, CaseIterable, Codable, Sendable {
    case pending, active, grace, suspended, deleted

    /// The service runs for the customer (a product in grace still runs: the customer may renew it).
    public var isServed: Bool { self == .active || self == .grace }
}

/// Why a product is suspended: it expired unrenewed, or an invoice of its organization reached the reminder
/// ladder's suspension step (lifted when that invoice is paid).
public enum SuspensionReason: String, Codable, Sendable {
    case expiry, unpaid
}

/// The provider's renewal calendar (`KONTOR_RENEWAL_GRACE_DAYS`, `KONTOR_RENEWAL_RETENTION_DAYS`).
public struct RenewalPolicy: Sendable, Equatable {
    /// Days an expired product keeps running before it is suspended.
    public var graceDays: Int
    /// Days a product suspended for expiry is kept before it is deleted.
    public var retentionDays: Int
    /// Days before an automatic renewal its notice is sent.
    public var automaticRenewalNoticeDays: Int

    public init(graceDays: Int = 15, retentionDays: Int = 30, automaticRenewalNoticeDays: Int = 14) {
        self.graceDays = graceDays
        self.retentionDays = retentionDays
        self.automaticRenewalNoticeDays = automaticRenewalNoticeDays
    }

    public static let graceRange = 0...90
    public static let retentionRange = 1...365
}
