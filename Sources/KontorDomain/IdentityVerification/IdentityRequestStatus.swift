import Foundation

/// Where an identity-verification request stands. Only a pending request can be decided, once. A request is
/// `closed` when the customer got back in by other means (a backup code, an SMS code, the authenticator found
/// again) before anyone decided it: nobody needs to look at it any more.
public enum IdentityRequestStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved, rejected, closed

    public var isDecided: Bool { self != .pending }
}

/// How long identity documents are kept once a request is decided (security.md: data minimisation).
public struct IdentityRetention: Sendable, Equatable {
    public let days: Int

    public init(days: Int) { self.days = days }

    /// When the documents of a request decided at `decidedAt` are deleted.
    public func deletionDate(decidedAt: Date) -> Date {
        decidedAt.addingTimeInterval(TimeInterval(days) * 24 * 3600)
    }

    /// Decisions made before this instant have documents due for deletion at `now`.
    public func decidedBefore(now: Date) -> Date {
        now.addingTimeInterval(-TimeInterval(days) * 24 * 3600)
    }
}

/// The reason a reviewer gives when refusing a request: required, shown to the customer, at most 500 characters.
public enum RejectionReason {
    public static let maximumLength = 500

    public static func parse(_ raw: String?) -> Result<String, FieldError> {
        let text = (raw ?? "").trimmingWhitespace()
        if text.isEmpty { return .failure(FieldError(field: "reason", messageKey: "error.required")) }
        if text.count > maximumLength { return .failure(FieldError(field: "reason", messageKey: "error.identity.reason_too_long")) }
        return .success(text)
    }
}
