import Fluent

/// Staff API tokens (only a keyed hash kept, like sessions keep only a hash) and the idempotency keys of the staff
/// API's invoice issue: one answer per staff member and key, so a retried request never issues twice (unique).
struct M035CreateStaffTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_api_tokens").id()
            .field("staff_member_id", .uuid, .required, .references("staff_members", "id", onDelete: .cascade))
            .field("name", .string, .required).field("token_hash", .string, .required)
            .field("token_prefix", .string, .required).field("created_at", .datetime, .required)
            .field("last_used_at", .datetime).field("expires_at", .datetime)
            .unique(on: "token_hash").create()
        try await database.schema("staff_api_idempotency_keys").id()
            .field("staff_member_id", .uuid, .required, .references("staff_members", "id", onDelete: .cascade))
            .field("idempotency_key", .string, .required).field("request_hash", .string, .required)
            .field("invoice_id", .uuid, .required, .references("invoices", "id"))
            .field("status", .int, .required).field("response_body", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "staff_member_id", "idempotency_key").create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("staff_api_idempotency_keys").delete()
        try await database.schema("staff_api_tokens").delete()
    }
}
