import Fluent

/// A business's VAT number on its billing address: abroad it makes its invoices reverse charge (issue 12 §1).
struct M036AddBillingAddressVATNumber: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("billing_addresses").field("vat_number", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("billing_addresses").deleteField("vat_number").update()
    }
}
