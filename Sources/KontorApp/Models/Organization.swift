import Fluent
import Foundation
import KontorDomain

/// A customer organization: it owns products and invoices; people belong to it through memberships.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date
    /// Set while the organization has Premium Support (seed: "code VIP"); nil otherwise.
    @OptionalField(key: "vip_code") var vipCode: String?
    /// Stable for the organization's lifetime and printed on every invoice and reminder (assigned at creation;
    /// `BillingCounters.customerNumber` fills in any organization made before billing existed).
    @OptionalField(key: "customer_number") var customerNumber: Int64?
    /// New invoices are paid from the prepaid account when its balance covers them (the customer's choice).
    @Field(key: "pay_from_balance") var payFromBalance: Bool
    /// Staff allow this organization to pay later: what it orders starts at once, before its invoice is paid.
    @Field(key: "pay_later") var payLater: Bool
    /// Days before a product's expiry its reminders are sent (`60,30,7`; `RenewalReminderDays`).
    @Field(key: "renewal_reminder_days") var renewalReminderDaysRaw: String
    @Children(for: \.$organization) var memberships: [Membership]

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $name, $createdAt, $vipCode, $customerNumber, $payFromBalance, $payLater, $renewalReminderDaysRaw, $memberships
        ]
    }

    init() {}

    var hasPremiumSupport: Bool { vipCode != nil }

    init(id: UUID? = nil, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.payFromBalance = false
        self.payLater = false
        self.renewalReminderDaysRaw = RenewalReminderDays.standard.description
    }

    var renewalReminderDays: RenewalReminderDays {
        (try? RenewalReminderDays.parse(renewalReminderDaysRaw).get()) ?? .standard
    }
}
