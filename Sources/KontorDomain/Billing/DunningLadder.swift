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

    /// The last step taken for an invoice, and how many days ago it was sent.
    public struct Taken: Sendable, Equatable {
        public let step: Step
        public let daysAgo: Int

        public init(_ step: Step, daysAgo: Int) { (self.step, self.daysAgo) = (step, daysAgo) }
    }

    /// Days the final notice must have been out before the suspension follows it: the ladder's own gap (7 by default).
    public var suspensionNoticeDays: Int { days[.suspension]! - days[.finalNotice]! }

    /// The step to take now: always the one after the last step taken (reminder 1 first), never one skipped, and only
    /// once it is reached. After a pause (stale statements, a server down) the ladder resumes one step per run, so the
    /// customer gets one e-mail at a time and every warning before what it warns of. A step follows the previous one
    /// on a later day at the earliest; the suspension only once the final notice, the one message announcing it, has
    /// been out for `suspensionNoticeDays`.
    public func next(daysOverdue: Int, taken: Taken?) -> Step? {
        guard let reached = step(daysOverdue: daysOverdue) else { return nil }
        guard let taken else { return .reminder1 }
        guard let following = Step(rawValue: taken.step.rawValue + 1), following <= reached, taken.daysAgo >= 1 else { return nil }
        if following == .suspension, taken.daysAgo < suspensionNoticeDays { return nil }
        return following
    }
}
