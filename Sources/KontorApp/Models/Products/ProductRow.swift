import Foundation
import SQLKit

/// A `products` row read with SQLKit's decoder and turned into a `Product`, for the renewal run's 100,000 rows:
/// Fluent reflects every model it decodes (a `Mirror` of its properties per row), which was a fifth of the run.
/// The fields are the model's, by column name; a product built here is marked as existing, like one Fluent read.
struct ProductRow: Decodable {
    let id: UUID
    let organization_id: UUID
    let kind: String
    let name: String
    let created_at: Date
    let renews_at: Date
    let renewal_warranty: Bool
    let mysql_server_prefix: String?
    let billing_address_id: UUID?
    let status: String
    let automatic_renewal: Bool
    let suspension_reason: String?
    let suspended_by_invoice_id: UUID?
    let automatic_renewal_failed_on: String?
    let state_changed_at: Date?
    let catalog_item_id: UUID?
    let period_months: Int?
    let activated_at: Date?
    let suite_users: Int?
    let suite_storage_gb: Int?
    let bundled_in_product_id: UUID?

    var product: Product {
        let product = Product()
        product.id = id
        product.$organization.id = organization_id
        product.kindRaw = kind
        product.name = name
        product.createdAt = created_at
        product.renewsAt = renews_at
        product.renewalWarranty = renewal_warranty
        product.mysqlServerPrefix = mysql_server_prefix
        product.$billingAddress.id = billing_address_id
        product.statusRaw = status
        product.automaticRenewal = automatic_renewal
        product.suspensionReasonRaw = suspension_reason
        product.suspendedByInvoiceID = suspended_by_invoice_id
        product.automaticRenewalFailedOn = automatic_renewal_failed_on
        product.stateChangedAt = state_changed_at
        product.$catalogItem.id = catalog_item_id
        product.periodMonths = period_months
        product.activatedAt = activated_at
        product.suiteUsers = suite_users
        product.suiteStorageGB = suite_storage_gb
        product.$bundledIn.id = bundled_in_product_id
        product.$id.exists = true
        return product
    }

    /// The products `filter` selects, in `products`' own order when `order` names columns.
    static func products(on db: any SQLDatabase, order: [String] = [], _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Product] {
        var select = filter(db.select().column("*").from(Product.schema))
        for column in order { select = select.orderBy(column) }
        return try await select.all(decoding: ProductRow.self).map(\.product)
    }
}
