import Fluent

/// `product_orders.request_hash`: the fingerprint of the whole request an order was placed with
/// (`OrderRequest.Input.fingerprint`), so its idempotency key answers only the very same request again and another
/// one sent with the key is refused (422) instead of silently answered with the first order. NULL for orders placed
/// before, which are compared on the fields an order keeps.
struct M069AddRequestHashToProductOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("product_orders").field("request_hash", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("product_orders").deleteField("request_hash").update()
    }
}
