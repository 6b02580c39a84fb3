/// The e-mails around a renewal (issue 13 §2): reminders before expiry on the days the customer chose, a notice
/// before an automatic renewal, and a confirmation after any renewal. Each is identified by its kind, the expiry
/// it is about and its day offset, so the run records it once and never sends it twice.
public enum RenewalNoticeKind: String, Codable, Sendable, CaseIterable {
    /// "Your product expires in N days": for products that will not renew by themselves.
    case expiryReminder = "expiry_reminder"
    /// "Your product renews automatically on …".
    case automaticRenewalAhead = "automatic_renewal_ahead"
    /// "Your product was renewed until …".
    case renewed
    /// "Renewal Warranty renews your product on …": for products it protects, instead of an expiry reminder.
    case warrantyRenewalAhead = "warranty_renewal_ahead"
    /// "The automatic renewal could not be paid from your balance".
    case automaticRenewalFailed = "automatic_renewal_failed"
    /// "Expired and not renewed: it runs until …, then it is suspended".
    case grace
    /// "Suspended: deleted with its data on … unless renewed".
    case suspended
    /// "Deleted, as announced".
    case deleted
}

public struct RenewalNotice: Hashable, Sendable {
    public let kind: RenewalNoticeKind
    /// Days before the expiry it was scheduled for (0 for a confirmation).
    public let daysBefore: Int

    public init(kind: RenewalNoticeKind, daysBefore: Int) {
        self.kind = kind
        self.daysBefore = daysBefore
    }
}

/// The days before expiry an organization is reminded on (`60,30,7`): one to three distinct days, each 1…62
/// ("up to two months ahead").
public struct RenewalReminderDays: Sendable, Equatable, CustomStringConvertible {
    public static let maximumDays = 62
    public static let maximumCount = 3
    public static let standard = RenewalReminderDays(checked: [30, 7])

    /// Largest first.
    public let days: [Int]

    private init(checked days: [Int]) { self.days = days.sorted(by: >) }

    /// Parses `60, 30, 7` (an empty text: no reminders); nil with the reason's catalog key otherwise.
    public static func parse(_ text: String) -> Result<RenewalReminderDays, ValidationFailure> {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let values = parts.map { Int($0) }
        guard values.allSatisfy({ $0 != nil }) else { return .failure(Self.failure("error.renewals.reminder_days")) }
        let days = values.compactMap { $0 }
        guard days.allSatisfy({ (1...maximumDays).contains($0) }) else { return .failure(Self.failure("error.renewals.reminder_days_range")) }
        guard Set(days).count == days.count else { return .failure(Self.failure("error.renewals.reminder_days_repeated")) }
        guard days.count <= maximumCount else { return .failure(Self.failure("error.renewals.reminder_days_count")) }
        return .success(RenewalReminderDays(checked: days))
    }

    /// As stored (`60,30,7`).
    public var description: String { days.map(String.init).joined(separator: ",") }

    private static func failure(_ key: String) -> ValidationFailure {
        ValidationFailure([FieldError(field: "reminderDays", messageKey: key)])
    }
}

public enum RenewalNoticeRules {
    /// The notice due on `today` for a running product, if any: the closest reminder day reached (a run that missed
    /// days sends the latest one only, not a burst), or the automatic-renewal notice. Nil when nothing is due.
    /// A product Renewal Warranty protects is told, once and as an automatic renewal is, that it renews with an
    /// invoice: never that it will not renew.
    public static func due(expiresOn: String, today: String, automaticRenewal: Bool, renewalWarranty: Bool = false, reminders: RenewalReminderDays,
                           policy: RenewalPolicy) -> RenewalNotice? {
        guard let left = RenewalRules.daysUntilExpiry(expiresOn, today: today), left > 0 else { return nil }
        if automaticRenewal || renewalWarranty {
            return left <= policy.automaticRenewalNoticeDays
                ? RenewalNotice(kind: automaticRenewal ? .automaticRenewalAhead : .warrantyRenewalAhead, daysBefore: policy.automaticRenewalNoticeDays)
                : nil
        }
        // The smallest configured day not below what is left: e.g. 60/30/7 with 20 days left is the 30-day reminder.
        guard let day = reminders.days.filter({ $0 >= left }).min() else { return nil }
        return RenewalNotice(kind: .expiryReminder, daysBefore: day)
    }
}
