import KontorDomain
import Testing

@Suite("The reminder ladder: forward only, one step at a time the customer sees")
struct DunningLadderTests {
    let ladder = DunningLadder.standard

    @Test("steps are reached at +10, +24, +38 and +45 days after the due date")
    func steps() {
        #expect(ladder.step(daysOverdue: 9) == nil)
        #expect(ladder.step(daysOverdue: 10) == .reminder1 && ladder.step(daysOverdue: 23) == .reminder1)
        #expect(ladder.step(daysOverdue: 24) == .reminder2 && ladder.step(daysOverdue: 38) == .finalNotice)
        #expect(ladder.step(daysOverdue: 45) == .suspension && ladder.step(daysOverdue: 400) == .suspension)
    }

    @Test("a step already taken is not taken again; the next step is reached on its day and on a later day than the previous one")
    func next() {
        #expect(ladder.next(daysOverdue: 10, taken: nil) == .reminder1)
        #expect(ladder.next(daysOverdue: 12, taken: .init(.reminder1, daysAgo: 2)) == nil)
        #expect(ladder.next(daysOverdue: 24, taken: .init(.reminder1, daysAgo: 14)) == .reminder2)
        #expect(ladder.next(daysOverdue: 38, taken: .init(.reminder2, daysAgo: 14)) == .finalNotice)
        #expect(ladder.next(daysOverdue: 45, taken: .init(.finalNotice, daysAgo: 7)) == .suspension)
        #expect(ladder.next(daysOverdue: 50, taken: .init(.suspension, daysAgo: 5)) == nil)
    }

    @Test("after a pause the ladder resumes one step per run, never skipping one: no reminder 2 without reminder 1, no suspension without a final notice")
    func neverSkips() {
        #expect(ladder.next(daysOverdue: 30, taken: nil) == .reminder1, "nothing sent yet: reminder 1, not reminder 2")
        #expect(ladder.next(daysOverdue: 60, taken: nil) == .reminder1, "not a suspension as the first message")
        #expect(ladder.next(daysOverdue: 60, taken: .init(.reminder1, daysAgo: 50)) == .reminder2, "reminder 1 long ago: reminder 2, not the suspension")
        #expect(ladder.next(daysOverdue: 60, taken: .init(.reminder2, daysAgo: 1)) == .finalNotice)
        #expect(ladder.next(daysOverdue: 60, taken: .init(.reminder1, daysAgo: 0)) == nil, "never two steps on one day")
    }

    @Test("the suspension waits until the final notice has been out for the ladder's gap between the two (7 days by default)")
    func suspensionAfterNotice() {
        #expect(ladder.suspensionNoticeDays == 7)
        #expect(ladder.next(daysOverdue: 61, taken: .init(.finalNotice, daysAgo: 1)) == nil)
        #expect(ladder.next(daysOverdue: 61, taken: .init(.finalNotice, daysAgo: 6)) == nil)
        #expect(ladder.next(daysOverdue: 61, taken: .init(.finalNotice, daysAgo: 7)) == .suspension)
    }

    @Test("a ladder whose days do not increase is refused")
    func invalid() {
        #expect(DunningLadder(reminder1: 10, reminder2: 10, finalNotice: 38, suspension: 45) == nil)
        #expect(DunningLadder(reminder1: 0, reminder2: 24, finalNotice: 38, suspension: 45) == nil)
    }
}
