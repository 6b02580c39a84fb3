import Foundation

/// Work that must not run before the answer: its duration would tell an observer something (a password-reset request
/// for a known address costs a look-up, a token and a mail; an unknown one costs nothing — ASVS 6.3.8 / OWASP
/// "authentication responses"). The request answers at once; the work runs after it on its own task.
/// Tests `drain()` to wait for it, and `hold()` to show that the answer does not wait.
actor BackgroundWork {
    private var running: [UUID: Task<Void, Never>] = [:]
    private var isHeld = false
    private var held: [@Sendable () async -> Void] = []

    /// Starts `work` after the caller goes on; errors are handed to `onError`.
    func start(_ work: @escaping @Sendable () async throws -> Void, onError: @escaping @Sendable (any Error) -> Void) {
        let job: @Sendable () async -> Void = {
            do { try await work() } catch { onError(error) }
        }
        if isHeld { held.append(job) } else { launch(job) }
    }

    private func launch(_ job: @escaping @Sendable () async -> Void) {
        let id = UUID()
        running[id] = Task.detached { [weak self] in
            await job()
            await self?.finished(id)
        }
    }

    private func finished(_ id: UUID) { running[id] = nil }

    /// Waits until everything started so far (and anything it started) has finished.
    func drain() async {
        while let task = running.values.first { await task.value }
    }

    func hold() { isHeld = true }

    func release() {
        isHeld = false
        let jobs = held
        held = []
        for job in jobs { launch(job) }
    }
}
