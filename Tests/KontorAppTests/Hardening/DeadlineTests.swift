import Foundation
@testable import KontorApp
import Testing

@Suite("A bounded wait (`/health`, a statement upload): the result within the time, nil after it, the work's error as it is")
struct DeadlineTests {
    struct Refused: Error, Equatable {}

    @Test("work that ends in time gives its result, and a long limit is not waited out")
    func inTime() async throws {
        let started = Date()
        let answer = try await Deadline.result(within: 60) { 42 }
        #expect(answer == 42)
        #expect(Date().timeIntervalSince(started) < 30, "the answer comes with the work, not with the limit")
    }

    @Test("work that outlasts the limit gives nil, and goes on by itself")
    func late() async throws {
        let finished = Flag()
        // The work waits for a gate the test opens only after the answer came: however slow the machine, the work
        // cannot have finished before the limit (a fixed sleep did, on a loaded host).
        let (gate, opens) = AsyncStream<Void>.makeStream()
        let answer = try await Deadline.result(within: 0.05) { () -> Int in
            for await _ in gate { break }
            finished.set()
            return 1
        }
        #expect(answer == nil)
        #expect(!finished.isSet)
        opens.yield()
        opens.finish()
        for _ in 0..<1_000 where !finished.isSet { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(finished.isSet, "only the waiting stopped, not the work")
    }

    @Test("the work's error reaches the waiter")
    func error() async throws {
        await #expect(throws: Refused.self) { _ = try await Deadline.result(within: 5) { () -> Int in throw Refused() } }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }
}
