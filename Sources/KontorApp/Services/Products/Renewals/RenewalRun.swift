import Fluent
import SQLKit
import Foundation
import KontorDomain

/// The daily renewal run (`kontor products renew`, and in-process under the `product_renewals` lease).
///
/// For every product whose expiry has come it applies `RenewalRules`: automatic renewal, Renewal Warranty, grace,
/// suspension, deletion. Plain renewals go set-based, 2,000 products per transaction (`RenewalBatch`; on SQLite with
/// turns that let other processes write between them, `SQLiteLockTurns`); the rest —
/// organizations paying from their balance, kSuites, whatever a chunk hands back — each product in its own transaction
/// (`ProductRenewer` for renewals, a conditional update for the states), so a run killed halfway keeps what it did and
/// the next run does the rest. Then it sends the
/// reminders and automatic-renewal notices due today, each recorded once. Running it again the same day finds nothing.
struct RenewalRun {
    let db: any Database
    let renewer: ProductRenewer
    let notices: RenewalNoticeMail
    let policy: RenewalPolicy
    let today: String
    let now: Date
    /// Products per set-based transaction (`RenewalBatch`); 0 renews every product on its own, as tests compare.
    /// On SQLite a chunk holds the file's one write lock (about 0.2 s for 2,000 in a release build); what lets other
    /// processes write is the turns between chunks, not smaller chunks: chunks of 1,000 cost the 100,000-product run
    /// about half a second and shortened no wait (docs/benchmarks.md, 5 December 2026, evening).
    var batchSize = 2_000
    /// On SQLite: the turns that let other processes write between the run's transactions (`SQLiteLockTurns`).
    var lockTurns: SQLiteLockTurns? = nil
    /// Called with each chunk of the per-product path once it is read and before its products are renewed: where a
    /// test changes a product's settings between the run's read and its renewal.
    var afterReading: @Sendable ([UUID]) async throws -> Void = { _ in }
    /// Periods renewed for one product in one run at most: a run that missed days renews period by period until the
    /// product covers today, and a product that somehow never got there must not hold the run.
    static let catchUpLimit = 240

    struct Report: Sendable, Equatable {
        var considered = 0
        var renewed: [RenewalKind: Int] = [:]
        var automaticRenewalsUnpaid = 0
        /// Could not be invoiced (no price in the catalog, no billing address): expired like an unrenewed product.
        var refused = 0
        var grace = 0
        var suspended = 0
        var deleted = 0
        var notices = 0
    }

    func run(progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        var report = Report()
        guard let day = CivilDay.number(today), let tomorrow = ProductService.day(CivilDay.text(day + 1)),
              let horizon = ProductService.day(CivilDay.text(day + 1 + RenewalReminderDays.maximumDays)) else { return report }
        let sql = db as! any SQLDatabase
        let due = try await DueProduct.list(before: tomorrow, on: sql)
        report.considered = due.count
        var single: [DueProduct] = []
        var batched: [RenewalBatch.Candidate] = []
        let payingFromBalance = try await Organization.payingFromBalance(among: due.map(\.organizationID), on: db)
        for row in due {
            if batchSize > 0, case .renew(let kind) = RenewalRules.decide(row.renewalFacts, today: today, policy: policy),
               RenewalBatch.takes(row, payingFromBalance: payingFromBalance) {
                batched.append(.init(product: row, kind: kind))
            } else {
                single.append(row)
            }
        }
        var done = 0
        let batch = RenewalBatch(renewer: renewer, policy: policy, today: today, now: now)
        for chunk in batched.chunked(max(1, batchSize)) {
            let outcome = try await batch.renew(Array(chunk))
            await lockTurns?.turn()
            for (kind, count) in outcome.renewed { report.renewed[kind, default: 0] += count }
            single += outcome.leftOver.map(\.product) + outcome.stillDue.map(\.product)
            done += chunk.count - outcome.leftOver.count
            progress(done, due.count)
        }
        // Handed back or not for the batch: in the order they expire, as the run has always gone.
        single.sort { ($0.renewsAt, $0.id.uuidString) < ($1.renewsAt, $1.id.uuidString) }
        for chunk in single.chunked(500) {
            // Read whole, as they are now: one deleted meanwhile is gone, one renewed meanwhile is no longer due.
            let current = try await ProductRow.current(chunk.map(\.id), on: sql)
            try await afterReading(chunk.map(\.id))
            for entry in chunk {
                if let row = current[entry.id] {
                    try await step(row.product, &report)
                    await lockTurns?.turn()
                }
                done += 1
                if done % 500 == 0 || done == due.count { progress(done, due.count) }
            }
        }
        try await sendNotices(until: horizon, after: tomorrow, &report)
        return report
    }

    /// Brings one product up to today: renewed period by period from its old expiry until it covers today (each
    /// period invoiced, as a period is everywhere else), or moved along grace, suspension and deletion. Every renewal
    /// is decided again under the lock it is made under (`ProductRenewer`), so a setting switched off since the run
    /// read the product holds; after each, the product is read again and decided on what is stored.
    private func step(_ read: Product, _ report: inout Report) async throws {
        var product = read
        for _ in 0..<Self.catchUpLimit {
            guard case .renewed = try await renewOnce(product, &report),
                  let fresh = try await Product.find(try product.requireID(), on: db), fresh.expiresOn != product.expiresOn else { return }
            product = fresh
        }
    }

    private enum StepEnd { case renewed, stopped }

    /// One period at most: the renewal the rules decide (automatic renewal, or the warranty that rescues it), or the
    /// state the product moves to.
    private func renewOnce(_ read: Product, _ report: inout Report) async throws -> StepEnd {
        var product = read
        var decision = RenewalRules.decide(product.renewalFacts, today: today, policy: policy)
        var rereads = 0
        for _ in 0..<4 {   // an automatic renewal, the warranty that rescues it, and a decision again after a change
            guard case .renew(let kind) = decision else { break }
            switch try await attempt(product, kind) {
            case .renewed:
                report.renewed[kind, default: 0] += 1
                return .renewed
            case .alreadyRenewed:
                // Another server or a click renewed this period: go on from what is stored (it may still be behind).
                return .renewed
            case .notDue:
                // Changed since it was read (a setting switched off): decided again on what is stored now.
                guard rereads < 2, let fresh = try await Product.find(try product.requireID(), on: db) else { return .stopped }
                rereads += 1
                product = fresh
                decision = RenewalRules.decide(product.renewalFacts, today: today, policy: policy)
            case .automaticRenewalUnpaid:
                report.automaticRenewalsUnpaid += 1
                product.automaticRenewalFailedOn = product.expiresOn
                decision = RenewalRules.decide(product.renewalFacts, today: today, policy: policy)
            case .refused:
                // Nothing to invoice it by: it expires like an unrenewed product, and the report counts it.
                report.refused += 1
                var unrenewable = product.renewalFacts
                (unrenewable.automaticRenewal, unrenewable.renewalWarranty) = (false, false)
                decision = RenewalRules.decide(unrenewable, today: today, policy: policy)
            }
        }
        switch decision {
        case .enterGrace: if try await move(product, to: .grace, reason: nil) { report.grace += 1 }
        case .suspend: if try await move(product, to: .suspended, reason: .expiry) { report.suspended += 1 }
        case .delete: if try await move(product, to: .deleted, reason: nil) { report.deleted += 1 }
        case .nothing, .renew: break
        }
        return .stopped
    }

    /// One renewal; a draft billing refuses (no billing address) counts as one that cannot be invoiced, and the run
    /// goes on with the other products.
    private func attempt(_ product: Product, _ kind: RenewalKind) async throws -> ProductRenewer.Outcome {
        do {
            return try await renewer.renew(try product.requireID(), of: product.$organization.id, kind: kind, expectedExpiry: product.expiresOn, decidedBy: policy, today: today,
                                           now: now)
        } catch is ValidationFailure {
            return .refused(.noPrice)
        }
    }

    /// One conditional update: only if the product is still as read (not renewed, paid or moved meanwhile).
    private func move(_ product: Product, to state: ProductState, reason: SuspensionReason?) async throws -> Bool {
        let id = try product.requireID()
        return try await db.transaction { db in
            // One conditional update that says whether it changed the row: a count first and an update after could
            // both see the product as read while another server moves it in between, and count the move twice.
            let moved = try await (db as! any SQLDatabase).update(Product.schema)
                .set("status", to: state.rawValue).set("suspension_reason", to: reason?.rawValue).set("state_changed_at", to: now)
                .set("expiry_suspended_on", to: reason == .expiry ? today : nil)
                .where("id", .equal, id).where("status", .equal, product.statusRaw).where("renews_at", .equal, product.renewsAt)
                .returning("id").all()
            guard !moved.isEmpty else { return false }
            (product.statusRaw, product.suspensionReasonRaw, product.stateChangedAt) = (state.rawValue, reason?.rawValue, now)
            product.expirySuspendedOn = reason == .expiry ? today : nil
            try await BundledProducts.follow(product, on: db)
            // Each step is announced once, with the next one's day: the customer can still renew until then.
            if let (kind, next) = announcement(of: state, product) {
                try await notices.send(RenewalNotice(kind: kind, daysBefore: 0), for: product, expiresOn: product.expiresOn,
                                       extra: next.map { [RenewalNoticeMail.nextDay: $0] } ?? [:], now: now, on: db)
            }
            // Premium Support gave the organization its VIP code; deleted, it takes the code with it.
            if state == .deleted, product.kind == .premiumSupport {
                try await ProductService.removeVIPCode(of: product.$organization.id, on: db)
            }
            if state == .deleted, product.kind == .webHosting { try await HostingProvisioning.release(id, on: db) }
            return true
        }
    }

    /// The notice of a step, and the day of the step after it, as `RenewalRules` counts it: suspended on expiry +
    /// grace days, deleted the retention days after the suspension.
    private func announcement(of state: ProductState, _ product: Product) -> (RenewalNoticeKind, String?)? {
        guard let day = CivilDay.number(today), let expiry = CivilDay.number(product.expiresOn) else { return nil }
        switch state {
        case .grace: return (.grace, CivilDay.text(expiry + policy.graceDays))
        case .suspended: return (.suspended, CivilDay.text(max(expiry + policy.graceDays, day) + policy.retentionDays))
        case .deleted: return (.deleted, nil)
        case .active, .pending: return nil
        }
    }

    /// Reminders before expiry and notices before automatic renewal for running products expiring within two months.
    private func sendNotices(until horizon: Date, after tomorrow: Date, _ report: inout Report) async throws {
        let upcoming = try await Product.query(on: db).filter(\.$statusRaw == ProductState.active.rawValue)
            .filter(\.$renewsAt >= tomorrow).filter(\.$renewsAt < horizon).filter(\.$bundledIn.$id == nil).all()
        guard !upcoming.isEmpty else { return }
        var reminders: [UUID: RenewalReminderDays] = [:]
        for chunk in Array(Set(upcoming.map(\.$organization.id))).chunked(500) {
            for organization in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                reminders[try organization.requireID()] = organization.renewalReminderDays
            }
        }
        for product in upcoming {
            guard let notice = RenewalNoticeRules.due(expiresOn: product.expiresOn, today: today, automaticRenewal: product.automaticRenewal,
                                                      renewalWarranty: product.renewalWarranty && product.offersRenewalWarranty,
                                                      reminders: reminders[product.$organization.id] ?? .standard, policy: policy) else { continue }
            let left = RenewalRules.daysUntilExpiry(product.expiresOn, today: today) ?? notice.daysBefore
            do {
                let sent = try await db.transaction { db in
                    try await notices.send(notice, for: product, expiresOn: product.expiresOn, extra: ["days": String(left)], now: now, on: db)
                }
                if sent { report.notices += 1 }
                await lockTurns?.turn()
            } catch where ConcurrentChange(error) == .conflict {
                continue   // another server recorded the same notice at the same moment: sent once, by it
            }
        }
    }
}
