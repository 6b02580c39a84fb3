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

    @Test("a step already taken is not taken again; after a pause only the latest due step is taken")
    func next() {
        #expect(ladder.next(daysOverdue: 10, taken: nil) == .reminder1)
        #expect(ladder.next(daysOverdue: 12, taken: .reminder1) == nil)
        #expect(ladder.next(daysOverdue: 30, taken: nil) == .reminder2)
        #expect(ladder.next(daysOverdue: 40, taken: .finalNotice) == nil)
    }

    @Test("a ladder whose days do not increase is refused")
    func invalid() {
        #expect(DunningLadder(reminder1: 10, reminder2: 10, finalNotice: 38, suspension: 45) == nil)
        #expect(DunningLadder(reminder1: 0, reminder2: 24, finalNotice: 38, suspension: 45) == nil)
    }
}
