import Fluent

/// Identity-verification requests for a lost second factor and their documents (sealed bytes).
struct M022CreateIdentityRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("identity_requests").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("status", .string, .required).field("created_at", .datetime, .required)
            .field("ip_address", .string, .required).field("user_agent", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by_staff_id", .uuid, .references("staff_members", "id", onDelete: .setNull))
            .field("reason", .string).field("documents_deleted_at", .datetime).create()
        try await database.schema("identity_documents").id()
            .field("request_id", .uuid, .required, .references("identity_requests", "id", onDelete: .cascade))
            .field("side", .string, .required).field("document_type", .string, .required)
            .field("byte_count", .int, .required).field("sealed_data", .data, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "request_id", "side").create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("identity_documents").delete()
        try await database.schema("identity_requests").delete()
    }
}
