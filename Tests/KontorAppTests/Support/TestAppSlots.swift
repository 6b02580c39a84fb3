import Foundation

/// How many test servers may run at once. Swift Testing starts every test at the same time; on PostgreSQL each
/// server opens up to `connectionsPerApp` connections, and 600 tests at once would pass the server's
/// `max_connections` ("sorry, too many clients already"). A FIFO semaphore on servers keeps the suite under it:
/// `slots` × `connectionsPerApp` (128) plus the schema connections stays well below the 400 CI configures; 8 per server
/// and 16 servers at once keep a 2-core machine responsive enough that 50 invoices issued at once over two servers finish
/// inside the pool's 30 s while the rest of the suite runs (36 at once did not, on a loaded machine).
/// (Swift's own concurrency has no counting semaphore; this is the smallest one that is fair.)
actor TestAppSlots {
    static let shared = TestAppSlots(slots: 16)
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
