import Foundation

/// Waits for work at most so long. The work is not stopped when the time is up — a database statement cannot be
/// interrupted half-way, and an import must finish even when nobody waits for it any more — only no longer waited for:
/// its late result is dropped.
enum Deadline {
    /// `work`'s result when it ends within `seconds`; nil when the time ran out first. Its error is thrown.
    static func result<T: Sendable>(within seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T? {
        let once = Once<T>()
        return try await withCheckedThrowingContinuation { continuation in
            once.wait(continuation)
            Task { do { once.resume(.success(try await work())) } catch { once.resume(.failure(error)) } }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                once.resume(.success(nil))
            }
        }
    }

    /// The first of the two results resumes the waiter; the other is dropped.
    private final class Once<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T?, any Error>?

        func wait(_ continuation: CheckedContinuation<T?, any Error>) { lock.withLock { self.continuation = continuation } }

        func resume(_ result: Result<T?, any Error>) {
            let waiting = lock.withLock { () -> CheckedContinuation<T?, any Error>? in
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(with: result)
        }
    }
}
