import Fluent
import SQLKit

/// The catalog staff keep (issue 13 §1): items of each kind, and their prices per billing period and currency, each
/// from a day on. A price row is never changed; a new one from a later day replaces it for new periods.
struct M039CreateCatalog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("catalog_items").id()
            .field("kind", .string, .required).field("name", .string, .required)
            .field("period_months", .string, .required).field("vat_rate", .string, .required)
            .field("domain_extension", .string).field("suite_users", .int).field("suite_storage_gb", .int).field("support_tier", .string)
            .field("is_orderable", .bool, .required)
            .field("created_at", .datetime, .required).field("updated_at", .datetime, .required)
            .unique(on: "kind", "name", name: "catalog_items_kind_name")
            .unique(on: "domain_extension", name: "catalog_items_domain_extension")
            .create()
        try await database.schema("catalog_item_prices").id()
            .field("catalog_item_id", .uuid, .required, .references("catalog_items", "id", onDelete: .cascade))
            .field("period_months", .int, .required).field("currency", .string, .required)
            .field("amount_minor", .int64, .required).field("effective_on", .string, .required)
            .field("created_at", .datetime, .required).field("created_by_staff_id", .uuid)
            // One price per item, period and currency from a given day: two staff announcing at once cannot both win.
            .unique(on: "catalog_item_id", "period_months", "currency", "effective_on", name: "catalog_item_prices_one_per_day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("catalog_item_prices").delete()
        try await database.schema("catalog_items").delete()
    }
}
