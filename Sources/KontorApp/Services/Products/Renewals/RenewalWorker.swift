import Foundation
import KontorDomain
import SQLKit
import Vapor

extension Application {
    /// The renewal run for `day` (the provider's today unless given), as the worker and `kontor products renew` use it.
    func renewalRun(day: String? = nil) -> RenewalRun {
        let now = kontor.clock.now()
        var run = RenewalRun(db: db, renewer: productRenewer, notices: renewalNoticeMail, policy: kontor.config.renewals,
                             today: day ?? kontor.config.billing.day(of: now), now: now)
        // SQLite: one write lock for the file, shared with the servers beside a `kontor products renew`.
        if (db as? any SQLDatabase)?.dialect.name == "sqlite" {
            run.lockTurns = SQLiteLockTurns()
        }
        return run
    }

    /// Runs the day's renewals when this server holds the `product_renewals` lease; called by the housekeeping loop
    /// every 15 minutes, and harmless when repeated: each renewal and notice is recorded once.
    func renewIfDue(holder: String) async {
        do {
            let lease = JobLease(database: db, name: "product_renewals", holder: holder)
            guard try await lease.acquire(for: 600, now: kontor.clock.now()) else { return }
            let report = try await renewalRun().run()
            let renewed = report.renewed.values.reduce(0, +)
            if renewed + report.grace + report.suspended + report.deleted + report.notices > 0 {
                logger.notice("Renewals: \(renewed) renewed, \(report.grace) in grace, \(report.suspended) suspended, \(report.deleted) deleted, \(report.notices) notice(s)")
            }
        } catch {
            logger.warning("Renewals: \(error)")
        }
    }
}
