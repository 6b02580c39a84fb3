import Fluent
import Foundation
import KontorDomain

/// The prepaid account of an organization: an append-only ledger per currency whose balance never goes negative,
/// on either database and across servers (payments.md, "Matching and the prepaid account").
///
/// Every posting runs inside the caller's transaction after `lockForUpdate(Organization…)`: the lock makes
/// postings of one organization take turns, and the unique `(organization, currency, position)` plus the
/// `balance_after_minor >= 0` CHECK refuse whatever slipped past it, so a race ends in a refusal, never in a fork.
enum PrepaidLedger {
    struct Posting {
        var kind: PrepaidEntry.Kind
        var amount: Money
        var invoiceID: UUID? = nil
        var bankPaymentID: UUID? = nil
        var staffID: UUID? = nil
        var userID: UUID? = nil
        var reason: String? = nil
    }

    /// The newest entry of the organization's ledger in `currency`, if any.
    static func last(of organizationID: UUID, currency: Currency, on db: any Database) async throws -> PrepaidEntry? {
        try await PrepaidEntry.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$currencyCode == currency.code)
            .sort(\.$position, .descending).first()
    }

    static func balance(of organizationID: UUID, currency: Currency, on db: any Database) async throws -> Money {
        Money(minorUnits: try await last(of: organizationID, currency: currency, on: db)?.balanceAfterMinor ?? 0, currency: currency)
    }

    /// Every currency the organization has ever had money in, with its balance.
    static func balances(of organizationID: UUID, on db: any Database) async throws -> [Money] {
        var balances: [Money] = []
        for currency in Currency.known.values.sorted(by: { $0.code < $1.code }) {
            if let last = try await last(of: organizationID, currency: currency, on: db) {
                balances.append(Money(minorUnits: last.balanceAfterMinor, currency: currency))
            }
        }
        return balances
    }

    /// Appends one entry. Refuses (`error.billing.insufficient_balance`) a debit the balance does not cover.
    /// The caller holds the organization's lock in the same transaction.
    @discardableResult
    static func post(_ posting: Posting, to organizationID: UUID, now: Date, on db: any Database) async throws -> PrepaidEntry {
        let last = try await last(of: organizationID, currency: posting.amount.currency, on: db)
        let (balance, overflow) = (last?.balanceAfterMinor ?? 0).addingReportingOverflow(posting.amount.minorUnits)
        guard !overflow else { throw AppError.refused(messageKey: "error.billing.amount_too_large") }
        guard balance >= 0 else { throw AppError.refused(messageKey: "error.billing.insufficient_balance") }
        let entry = PrepaidEntry()
        entry.$organization.id = organizationID
        entry.currencyCode = posting.amount.currency.code
        entry.position = (last?.position ?? 0) + 1
        entry.amountMinor = posting.amount.minorUnits
        entry.balanceAfterMinor = balance
        entry.kind = posting.kind.rawValue
        entry.invoiceID = posting.invoiceID
        entry.bankPaymentID = posting.bankPaymentID
        entry.staffID = posting.staffID
        entry.userID = posting.userID
        entry.reason = posting.reason
        // Never dated before the movement it follows: work that began before the lock was free (an import that started
        // before staff credited the account, a second server's clock a little behind) would otherwise be listed under
        // the movement it came after, with a balance that does not follow from the line below it.
        // A millisecond after it when it is not earlier already: a date read back from SQLite may have lost the last
        // digits of the one written, so "the same instant" could sort either way.
        entry.createdAt = last.map { now > $0.createdAt ? now : $0.createdAt.addingTimeInterval(0.001) } ?? now
        try await entry.create(on: db)
        return entry
    }

    /// A page of movements, newest first.
    static func entries(of organizationID: UUID, currency: Currency?, limit: Int, offset: Int, on db: any Database) async throws -> [PrepaidEntry] {
        var query = PrepaidEntry.query(on: db).filter(\.$organization.$id == organizationID)
        // In one currency the position is the order of booking; across currencies the dates are (`post` keeps them in
        // order within each).
        guard let currency else {
            return try await query.sort(\.$createdAt, .descending).sort(\.$position, .descending).range(offset..<(offset + limit)).all()
        }
        return try await query.filter(\.$currencyCode == currency.code).sort(\.$position, .descending).range(offset..<(offset + limit)).all()
    }
}
