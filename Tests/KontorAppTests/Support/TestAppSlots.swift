import Foundation

/// How many test servers may run at once. Swift Testing starts every test at the same time; on PostgreSQL each
/// server opens up to `connectionsPerApp` connections, and 600 tests at once would pass the server's
/// `max_connections` ("sorry, too many clients already"). A FIFO semaphore on servers keeps the suite under it:
/// `slots` × `connectionsPerApp` (288) plus the schema connections stays below the 400 CI configures; 8 per server
/// is what the concurrency tests (50 invoices at once over two servers) need under a loaded CI machine.
/// (Swift's own concurrency has no counting semaphore; this is the smallest one that is fair.)
actor TestAppSlots {
    static let shared = TestAppSlots(slots: 36)
    static let connectionsPerApp = 8

    private var free: Int
    private var waiting: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(slots: Int) { free = slots }

    /// Waits until `count` servers may start; first come, first served, so a three-server test is not starved.
    func acquire(_ count: Int) async {
        if waiting.isEmpty, free >= count {
            free -= count
            return
        }
        await withCheckedContinuation { waiting.append((count, $0)) }
    }

    func release(_ count: Int) {
        free += count
        while let first = waiting.first, free >= first.count {
            free -= first.count
            waiting.removeFirst()
            first.continuation.resume()
        }
    }
}
