import Fluent
import Foundation
import KontorDomain

/// What waits for a person, on the staff home (issue 11 §5): each item is a count and the page where it is done,
/// shown only to the roles that may do it, and only when there is something to do.
struct StaffWorkList {
    struct Item: Encodable, Equatable {
        /// Stable, for tests and the page's anchors: `identity-checks`, `failed-mail`, …
        let id: String
        let count: Int
        let text: String
        let path: String
    }

    let db: any Database
    let role: StaffRole
    let now: Date
    let billing: BillingConfiguration

    /// The items for this role with something to do, most urgent first.
    func items(text: (String, [String: String]) -> String, day: (String) -> String) async throws -> [Item] {
        var items: [Item] = []
        func add(_ id: String, _ count: Int, _ key: String, _ route: SiteRoute) {
            guard count > 0 else { return }
            items.append(Item(id: id, count: count, text: text(key, ["count": String(count)]), path: route.path))
        }
        let supports = role == .administrator || role == .support
        let bills = role == .administrator || role == .billing
        let edits = role == .administrator || role == .editor
        if supports {
            add("identity-checks", try await IdentityRequest.query(on: db).filter(\.$statusValue == IdentityRequestStatus.pending.rawValue).count(),
                "staff.work.identity_checks", .staffIdentityChecks)
            add("failed-mail", try await OutboxMessage.query(on: db).filter(\.$failedAt != nil).filter(\.$sentAt == nil).count(),
                "staff.work.failed_mail", .staffFailedMail)
            add("grants", try await SupportGrant.query(on: db).filter(\.$revokedAt == nil).filter(\.$expiresAt > now).count(),
                "staff.work.grants", .staffGrants)
        }
        if bills {
            if let reach = try await StatementFreshness.paymentsCountedUntil(on: db) {
                if billing.days(from: reach, to: billing.day(of: now)) > billing.statementMaxAgeDays {
                    items.append(Item(id: "stale-statements", count: 1,
                                      text: text("staff.billing.stale", ["date": day(reach)]), path: SiteRoute.staffBilling.path))
                }
            } else {
                items.append(Item(id: "stale-statements", count: 1, text: text("staff.billing.never_imported", [:]), path: SiteRoute.staffBilling.path))
            }
            for held in try await StatementFreshness.heldCurrencies(on: db, billing: billing, today: billing.day(of: now)) {
                let warning = held.until.map { text("staff.billing.stale_currency", ["currency": held.currency, "date": day($0)]) }
                    ?? text("staff.billing.never_imported_currency", ["currency": held.currency])
                items.append(Item(id: "stale-statements-\(held.currency.lowercased())", count: 1, text: warning, path: SiteRoute.staffBilling.path))
            }
            for missing in try await StatementNumbers(db: db).missing() {
                let (key, arguments) = missing.sentence(day: day)
                items.append(Item(id: "missing-statements-\(missing.account.lowercased())-\(missing.gap.first)", count: Int(clamping: missing.gap.count),
                                  text: text(key, arguments), path: SiteRoute.staffBilling.path + "#missing-statements"))
            }
            add("unidentified-payments", try await UnidentifiedPayments(db: db).count(), "staff.work.unidentified_payments", .staffBilling)
            add("returns-to-check", try await UnidentifiedPayments(db: db).returnsToCheckCount(), "staff.work.returns_to_check", .staffBilling)
            add("refunds-to-execute", try await UnidentifiedPayments(db: db).refundsToExecuteCount(), "staff.work.refunds_to_execute", .staffBilling)
        }
        if edits {
            add("help-drafts", try await HelpArticle.query(on: db).filter(\.$statusValue == HelpArticleStatus.draft.rawValue).count(),
                "staff.work.help_drafts", .staffHelp)
        }
        return items
    }
}
