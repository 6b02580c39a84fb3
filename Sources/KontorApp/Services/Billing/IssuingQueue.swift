import Foundation

/// One server's invoices and credit notes are issued one after the other, in the order asked.
///
/// Issuing takes the series' counter row, and that row's lock serializes every issue anyway (gapless numbers). Without
/// this queue a burst — 25 staff-API calls, a renewal wave — makes each waiting issue hold a database connection while
/// it waits for the row, the pool runs dry and unrelated requests time out. Queued here, the waiters hold nothing;
/// each server keeps one connection on the counter at a time. (A FIFO of continuations: Swift has no async mutex.)
actor IssuingQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()   // stays busy: handed straight to the next in line
        }
    }
}
