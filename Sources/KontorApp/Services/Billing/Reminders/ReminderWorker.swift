import Foundation
import KontorDomain
import Vapor

extension Application {
    /// The reminder run for `day` (the provider's today unless given), as the worker and `kontor billing remind` use it.
    func reminderRun(day: String? = nil) -> ReminderRun {
        let config = kontor.config.billing
        let now = kontor.clock.now()
        return ReminderRun(db: db, config: config,
                           mail: ReminderMail(composer: MailComposer(localizer: kontor.localizer, providerName: kontor.config.providerName),
                                              localizer: kontor.localizer, config: config),
                           suspension: ProductSuspension(now: now), today: day ?? config.day(of: now), now: now,
                           defaultLanguage: kontor.config.defaultLanguage)
    }

    /// Runs the day's reminders when this server holds the `payment_reminders` lease; called by the housekeeping
    /// loop every 15 minutes, and harmless when repeated: each step is recorded once per invoice.
    func remindIfDue(holder: String) async {
        do {
            let lease = JobLease(database: db, name: "payment_reminders", holder: holder)
            guard try await lease.acquire(for: 600, now: kontor.clock.now()) else { return }
            let report = try await reminderRun().run()
            if report.pausedForStaleStatements, report.considered == 0, report.paymentsCountedUntil != nil {
                logger.warning("Payment reminders paused: the imported bank statements reach only \(report.paymentsCountedUntil ?? "never"), too long ago")
            } else if !report.staleCurrencies.isEmpty {
                logger.warning("Payment reminders: \(report.heldForStaleStatements) overdue invoice(s) in \(report.staleCurrencies.sorted().joined(separator: ", ")) held: that account's statements are not recent")
            }
            if !report.awaitingDetailsCurrencies.isEmpty {
                logger.warning("Payment reminders: \(report.heldForBookingsAwaitingDetails) overdue invoice(s) in \(report.awaitingDetailsCurrencies.sorted().joined(separator: ", ")) held: a collective booking waits for its detail file (camt.054)")
            }
            if !report.sent.isEmpty {
                logger.notice("Payment reminders: \(report.sent.values.reduce(0, +)) sent, \(report.paidFromBalance) paid from balances")
            }
        } catch {
            logger.warning("Payment reminders: \(error)")
        }
    }
}
