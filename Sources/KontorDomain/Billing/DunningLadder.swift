/// The payment-reminder ladder: which step an unpaid invoice has reached, counted in days after its due date.
///
/// Defaults (payments.md): reminder 1 at +10 days (friendly, no fee), reminder 2 at +24 (with the fee the terms state,
/// if any), a final notice at +38 warning of suspension, and suspension at +45. Termination is never automatic.
public struct DunningLadder: Sendable, Equatable {
    public enum Step: Int, Sendable, Comparable, CaseIterable {
        case reminder1 = 1, reminder2, finalNotice, suspension

        public static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Days after the due date for reminder 1, reminder 2, the final notice and suspension, strictly increasing.
    public let days: [Step: Int]

    public init?(reminder1: Int, reminder2: Int, finalNotice: Int, suspension: Int) {
        guard reminder1 >= 1, reminder1 < reminder2, reminder2 < finalNotice, finalNotice < suspension, suspension <= 365 else { return nil }
        days = [.reminder1: reminder1, .reminder2: reminder2, .finalNotice: finalNotice, .suspension: suspension]
    }

    public static let standard = DunningLadder(reminder1: 10, reminder2: 24, finalNotice: 38, suspension: 45)!

    /// The highest step reached `daysOverdue` days after the due date; nil before the first.
    public func step(daysOverdue: Int) -> Step? {
        Step.allCases.last { days[$0]! <= daysOverdue }
    }

    /// The step to take now, given the highest step already taken: only ever forward, and only the latest one when
    /// several became due at once (a customer gets one e-mail, not three).
    public func next(daysOverdue: Int, taken: Step?) -> Step? {
        guard let reached = step(daysOverdue: daysOverdue) else { return nil }
        if let taken, taken >= reached { return nil }
        return reached
    }
}
