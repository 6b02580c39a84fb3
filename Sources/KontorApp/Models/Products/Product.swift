import Fluent
import Foundation
import KontorDomain

/// Something an organization holds: a web hosting, a domain, a mail service, a kSuite, a NAS. It renews on
/// `renewsAt`; Renewal Warranty is its setting. A web hosting's sites carry their own settings (`HostingSite`).
final class Product: Model, @unchecked Sendable {
    static let schema = "products"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "kind") var kindRaw: String
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "renews_at") var renewsAt: Date
    @Field(key: "renewal_warranty") var renewalWarranty: Bool
    /// Web hosting only: the server's prefix of database and user names (`wxyz`).
    @OptionalField(key: "mysql_server_prefix") var mysqlServerPrefix: String?
    /// Where its renewals are invoiced; nil for the organization's default billing address.
    @OptionalParent(key: "billing_address_id") var billingAddress: BillingAddress?

    /// `ProductState`: `pending` while an order waits for its invoice to be paid (`ProductActivation`), `active`,
    /// then after an expiry without renewal `grace`, `suspended` and `deleted` (`RenewalRun`).
    @Field(key: "status") var statusRaw: String
    /// Renewed by the daily run on its expiry day, invoiced and paid from the balance where the customer chose that.
    @Field(key: "automatic_renewal") var automaticRenewal: Bool
    @OptionalField(key: "suspension_reason") var suspensionReasonRaw: String?
    /// The unpaid invoice whose reminder ladder suspended it: paying that invoice lifts the suspension.
    @OptionalField(key: "suspended_by_invoice_id") var suspendedByInvoiceID: UUID?
    /// The expiry day an automatic renewal could not be paid for (the balance did not cover it).
    @OptionalField(key: "automatic_renewal_failed_on") var automaticRenewalFailedOn: String?
    @OptionalField(key: "state_changed_at") var stateChangedAt: Date?
    /// The provider's day the renewal run suspended it for expiry (`YYYY-MM-DD`): its retention counts from then.
    @OptionalField(key: "expiry_suspended_on") var expirySuspendedOn: String?
    /// What it was bought as, and for how long one payment keeps it: what renewals price it by. Nil for products
    /// provisioned before the catalog existed.
    @OptionalParent(key: "catalog_item_id") var catalogItem: CatalogItem?
    @OptionalField(key: "period_months") var periodMonths: Int?
    @OptionalField(key: "activated_at") var activatedAt: Date?
    /// A kSuite's plan: how many seats and how much storage (`SuiteService`); nil for other kinds.
    @OptionalField(key: "suite_users") var suiteUsers: Int?
    @OptionalField(key: "suite_storage_gb") var suiteStorageGB: Int?
    /// The kSuite this product came with (its mail service, its storage): it cannot be moved or ended on its own.
    @OptionalParent(key: "bundled_in_product_id") var bundledIn: Product?
    /// The day of the month its periods end on (`RenewalAnchor`): set with its expiry at provisioning and activation,
    /// kept by every renewal. Nil only for a row written by raw SQL: its expiry's day then.
    @OptionalField(key: "renewal_anchor_day") var renewalAnchorDay: Int?

    typealias Status = ProductState

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $organization, $kindRaw, $name, $createdAt, $renewsAt, $renewalWarranty, $mysqlServerPrefix, $billingAddress,
            $statusRaw, $automaticRenewal, $suspensionReasonRaw, $suspendedByInvoiceID, $automaticRenewalFailedOn, $stateChangedAt, $expirySuspendedOn,
            $catalogItem, $periodMonths, $activatedAt, $suiteUsers, $suiteStorageGB, $bundledIn, $renewalAnchorDay
        ]
    }

    init() {}

    init(organizationID: UUID, kind: ProductKind, name: String, renewsAt: Date, createdAt: Date,
         renewalWarranty: Bool = false, mysqlServerPrefix: MySQLServerPrefix? = nil) {
        // Time-ordered, not random: the renewal run writes its rows (renewals, notice records, new expiries) in the
        // order of the products' ids, so each chunk appends to a few neighbouring index pages instead of touching
        // pages all over the products' indexes (docs/benchmarks.md).
        id = TimeOrderedID.make()
        $organization.id = organizationID
        kindRaw = kind.rawValue
        self.name = name
        // The expiry is a day (midnight UTC), whatever instant a caller computed it from ("a year from now"): the
        // renewal run moves a product with a conditional update on this column, and an instant finer than the
        // database keeps (SQLite stores a double and reads it back rounded) would never equal itself again.
        self.renewsAt = ProductService.startOfUTCDay(renewsAt)
        // Its periods end on its expiry's day from now on; an order's product gets its activation day instead.
        self.renewalAnchorDay = RenewalAnchor.day(of: ProductService.utcDay(of: self.renewsAt))
        self.createdAt = createdAt
        self.statusRaw = Status.active.rawValue
        self.automaticRenewal = false
        self.activatedAt = createdAt
        self.renewalWarranty = renewalWarranty && kind.offersRenewalWarranty
        if kind.hasMySQLPrefixOption {
            self.mysqlServerPrefix = mysqlServerPrefix?.value
        }
    }

    var bundledInProductID: UUID? { $bundledIn.id }

    var suitePlan: SuitePlan? { suiteUsers.flatMap { users in suiteStorageGB.map { SuitePlan(users: users, storageGB: $0) } } }

}

extension Product: ProductFacts {}
