import Foundation
import Vapor

/// The in-process delivery loop started by `kontor serve`; with several servers each delivers, and each message is
/// claimed by one of them.
struct MailWorker: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        // Only `kontor serve` delivers in the background; other commands and tests call `deliverDue()` themselves.
        let command = application.environment.arguments.dropFirst().first
        guard application.environment != .testing, command == nil || command == "serve" else { return }
        let seconds = application.kontor.config.mailPollSeconds
        // No lease: every server delivers, and each message is claimed on its own (see MailDelivery).
        let delivery = application.mailDelivery
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    try await delivery.deliverDue()
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
        let resolver = MailAttachmentResolver(database: db, billing: kontor.config.billing, localizer: kontor.localizer,
                                              providerCountry: kontor.config.providerCountry)
        return MailDelivery(database: db, transport: kontor.mailTransport, from: kontor.config.mailFrom,
                            now: kontor.clock.now, logger: logger, retryHours: kontor.config.mailRetryHours,
                            attachments: { try await resolver.resolve($0) })
    }
}
