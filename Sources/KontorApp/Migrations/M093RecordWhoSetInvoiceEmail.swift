import Fluent

/// `billing_addresses.invoice_email_set_by`: the member who typed an address's invoice e-mail. When that member leaves
/// or is removed, the organization's invoices stop going there (`OrganizationService.stopInvoiceMail`). Comparing the
/// invoice e-mail with the departing member's addresses at that moment missed an address she had moved away from, or an
/// alias (`mallory+inv@…`): a removed administrator kept receiving every invoice and its PDF (security probe round 9).
/// Addresses added before are compared as before.
struct M093RecordWhoSetInvoiceEmail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("billing_addresses").field("invoice_email_set_by", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("billing_addresses").deleteField("invoice_email_set_by").update()
    }
}
