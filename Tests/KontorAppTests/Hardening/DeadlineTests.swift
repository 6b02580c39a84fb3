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
        let answer = try await Deadline.result(within: 0.05) { () -> Int in
            try await Task.sleep(nanoseconds: 400_000_000)
            finished.set()
            return 1
        }
        #expect(answer == nil)
        #expect(!finished.isSet)
        try await Task.sleep(nanoseconds: 1_000_000_000)
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
