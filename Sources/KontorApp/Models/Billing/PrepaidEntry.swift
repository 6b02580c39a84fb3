import Fluent
import Foundation
import KontorDomain

/// One movement of an organization's prepaid account in one currency. The ledger is append-only: the balance is
/// the sum of the entries, kept as `balanceAfterMinor` on each so reading it is one row, never negative.
final class PrepaidEntry: Model, @unchecked Sendable {
    static let schema = "prepaid_entries"

    enum Kind: String, CaseIterable {
        /// A bank payment credited to the account (standing order, top-up, overpayment, wrong amount or currency).
        case payment
        /// An invoice paid from the balance (negative).
        case invoicePayment = "invoice_payment"
        /// A credit note's amount beyond what its invoice still owed.
        case creditNote = "credit_note"
        case staffCredit = "staff_credit"
        case staffDebit = "staff_debit"
        /// A bank reversal of a payment that had been credited here (negative).
        case reversal
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "currency") var currencyCode: String
    @Field(key: "position") var position: Int64
    @Field(key: "amount_minor") var amountMinor: Int64
    @Field(key: "balance_after_minor") var balanceAfterMinor: Int64
    @Field(key: "kind") var kind: String
    @OptionalField(key: "invoice_id") var invoiceID: UUID?
    @OptionalField(key: "bank_payment_id") var bankPaymentID: UUID?
    @OptionalField(key: "staff_id") var staffID: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $organization, $currencyCode, $position, $amountMinor, $balanceAfterMinor, $kind, $invoiceID, $bankPaymentID,
            $staffID, $userID, $reason, $createdAt
        ]
    }

    init() {}

    var currency: Currency { Currency(code: currencyCode) ?? .chf }
}
