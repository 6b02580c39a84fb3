import Foundation
import Vapor

/// The in-process delivery loop started by `kontor serve`; it holds the `mail-delivery` lease so that,
/// with several servers, one sends at a time.
struct MailWorker: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        // Only `kontor serve` delivers in the background; other commands and tests call `deliverDue()` themselves.
        let command = application.environment.arguments.dropFirst().first
        guard application.environment != .testing, command == nil || command == "serve" else { return }
        let holder = UUID().uuidString
        let seconds = application.kontor.config.mailPollSeconds
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    let delivery = application.mailDelivery
                    let lease = JobLease(database: application.db, name: "mail-delivery", holder: holder)
                    if try await lease.acquire(for: max(30, seconds * 3), now: application.kontor.clock.now()) {
                        try await delivery.deliverDue()
                    }
                } catch {
                    application.logger.warning("Mail worker: \(error)")
                }
                try? await Task.sleep(nanoseconds: UInt64(seconds) * 1_000_000_000)
            }
        }
        application.storage[MailWorkerTask.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[MailWorkerTask.self]?.cancel()
    }
}

private struct MailWorkerTask: StorageKey { typealias Value = Task<Void, Never> }

extension Application {
    var mailDelivery: MailDelivery {
        MailDelivery(database: db, transport: kontor.mailTransport, from: kontor.config.mailFrom,
                     now: kontor.clock.now, logger: logger)
    }
}
