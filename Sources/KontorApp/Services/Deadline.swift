import Foundation

/// Waits for work at most so long. The work is not stopped when the time is up — a database statement cannot be
/// interrupted half-way, and an import must finish even when nobody waits for it any more — only no longer waited for:
/// its late result is dropped.
enum Deadline {
    /// `work`'s result when it ends within `seconds`; nil when the time ran out first. Its error is thrown.
    static func result<T: Sendable>(within seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T? {
        let once = Once<T>()
        return try await withCheckedThrowingContinuation { continuation in
            // The timer is cancelled when the work ends first: `/health` uses this on every probe, and a timer left
            // sleeping out its seconds per call would pile up thousands of them under a load balancer's polling.
            once.wait(continuation)
            once.attach(Task {
                guard (try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))) != nil else { return }
                once.resume(.success(nil))
            })
            Task { do { once.resume(.success(try await work())) } catch { once.resume(.failure(error)) } }
        }
    }

    /// The first of the two results resumes the waiter and stops the timer; the other is dropped.
    private final class Once<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T?, any Error>?
        private var timer: Task<Void, Never>?

        func wait(_ continuation: CheckedContinuation<T?, any Error>) { lock.withLock { self.continuation = continuation } }

        /// Keeps the timer to stop it; stops it at once if the waiter was resumed meanwhile.
        func attach(_ timer: Task<Void, Never>) {
            let ended = lock.withLock { () -> Bool in
                if continuation == nil { return true }
                self.timer = timer
                return false
            }
            if ended { timer.cancel() }
        }

        func resume(_ result: Result<T?, any Error>) {
            let (waiting, timer) = lock.withLock { () -> (CheckedContinuation<T?, any Error>?, Task<Void, Never>?) in
                defer { (continuation, self.timer) = (nil, nil) }
                return (continuation, self.timer)
            }
            timer?.cancel()
            waiting?.resume(with: result)
        }
    }
}
