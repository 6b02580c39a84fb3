import Fluent
import Foundation
import KontorDomain

/// One reminder step taken for an invoice: when, for how much, counting payments up to which day.
final class PaymentReminder: Model, @unchecked Sendable {
    static let schema = "payment_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "invoice_id") var invoice: Invoice
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "step") var stepValue: Int
    @Field(key: "sent_on") var sentOn: String
    @Field(key: "open_minor") var openMinor: Int64
    /// The invoice for the reminder fee, when the terms state one (reminder 2).
    @OptionalField(key: "fee_invoice_id") var feeInvoiceID: UUID?
    /// The day of the last bank-statement import: payments received up to it are counted.
    @Field(key: "payments_until") var paymentsUntil: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $invoice, $organization, $stepValue, $sentOn, $openMinor, $feeInvoiceID, $paymentsUntil, $createdAt
        ]
    }

    init() {}

    var step: DunningLadder.Step { DunningLadder.Step(rawValue: stepValue) ?? .reminder1 }
}
