import Fluent
import SQLKit

/// Four indexes whose columns begin another index on the same table: every query they served, the longer one serves
/// (a B-tree answers any leading run of its columns), but each row written paid for an entry in both. The renewal run
/// writes 100,000 invoice lines and renewals in one go, the statement import updates as many products' invoices.
/// - `products_status` (status): `products_renewal_due` is (status, renews_at); activation asks for `status = 'pending'`.
/// - `invoice_lines_invoice` (invoice_id): the lines' unique (invoice_id, position).
/// - `product_orders_organization` (organization_id): `product_orders_one_per_key` is (organization_id, idempotency_key).
/// - `product_renewals_request` (product_id, request_key): the renewals' unique (product_id, period_start) finds a
///   product's few renewal rows (one per period), among which the request key is checked.
/// `SchemaIndexTests` keeps it so: no index may be a leading part of another on the same table.
struct M064DropRedundantIndexes: AsyncMigration {
    static let dropped: [(index: String, table: String, columns: [String])] = [
        ("products_status", "products", ["status"]),
        ("invoice_lines_invoice", "invoice_lines", ["invoice_id"]),
        ("product_orders_organization", "product_orders", ["organization_id"]),
        ("product_renewals_request", "product_renewals", ["product_id", "request_key"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for entry in Self.dropped { try await sql.drop(index: entry.index).ifExists().run() }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for entry in Self.dropped {
            var create = sql.create(index: entry.index).on(entry.table)
            for column in entry.columns { create = create.column(column) }
            try await create.run()
        }
    }
}
