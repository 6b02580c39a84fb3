import Fluent
import Foundation
import SQLKit

/// Invoices and credit notes, their lines, the gapless counters that number them, every organization's customer
/// number, what settled each invoice, and the prepaid account's ledger. Amounts are integer minor units
/// (`*_minor`, BIGINT) beside a currency code; nothing here is ever a floating-point number.
struct M031CreateInvoicing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One row per numbered series; `UPDATE … SET next_value = next_value + 1` inside the issuing transaction
        // takes the row's lock, so numbers are handed out one at a time and a rolled-back issue leaves no gap.
        try await database.schema("billing_counters").field("name", .string, .identifier(auto: false))
            .field("next_value", .int64, .required).create()
        try await database.schema("organizations").field("customer_number", .int64).update()
        try await database.schema("organizations").field("pay_from_balance", .bool, .required, .sql(.default(false))).update()

        try await database.schema("invoices").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("series", .string, .required).field("sequence", .int64, .required).field("number", .string, .required)
            .field("credits_invoice_id", .uuid, .references("invoices", "id"))
            .field("customer_number", .int64, .required).field("language", .string, .required)
            .field("currency", .string, .required).field("net_minor", .int64, .required).field("tax_minor", .int64, .required)
            .field("total_minor", .int64, .required).field("open_minor", .int64, .required)
            .field("reverse_charge", .bool, .required).field("customer_vat_number", .string)
            .field("reference", .string).field("reference_type", .string).field("account_iban", .string)
            .field("address_name", .string, .required).field("address_street", .string, .required)
            .field("address_building_number", .string, .required).field("address_postcode", .string, .required)
            .field("address_town", .string, .required).field("address_country", .string, .required)
            .field("invoice_email", .string)
            .field("issued_at", .datetime, .required).field("issued_on", .string, .required).field("due_on", .string, .required)
            .field("paid_at", .datetime).field("issued_by_staff_id", .uuid).field("note", .string)
            .unique(on: "series", "sequence").unique(on: "number").unique(on: "reference")
            .create()
        try await database.schema("invoice_lines").id()
            .field("invoice_id", .uuid, .required, .references("invoices", "id"))
            .field("position", .int, .required).field("description", .string, .required)
            .field("quantity", .int64, .required).field("unit_minor", .int64, .required).field("net_minor", .int64, .required)
            .field("vat_basis_points", .int, .required).field("product_id", .uuid)
            .unique(on: "invoice_id", "position").create()
        try await database.schema("invoice_vat").id()
            .field("invoice_id", .uuid, .required, .references("invoices", "id"))
            .field("vat_basis_points", .int, .required).field("net_minor", .int64, .required).field("tax_minor", .int64, .required)
            .unique(on: "invoice_id", "vat_basis_points").create()
        // What reduced an invoice's open amount: a payment, the prepaid account, a credit note — and the compensating
        // entry of a reversal. Never updated or deleted.
        try await database.schema("invoice_settlements").id()
            .field("invoice_id", .uuid, .required, .references("invoices", "id"))
            .field("kind", .string, .required).field("amount_minor", .int64, .required)
            .field("prepaid_entry_id", .uuid).field("credit_note_id", .uuid).field("bank_payment_id", .uuid)
            .field("created_at", .datetime, .required).create()
        // The prepaid account: one ledger per organization and currency. `position` counts its entries and
        // `balance_after_minor` is the running sum; both are written under the organization's lock, and the unique
        // position and the CHECK below refuse whatever a lock could ever miss: no fork of the ledger, no negative balance.
        try await database.schema("prepaid_entries").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("currency", .string, .required).field("position", .int64, .required)
            .field("amount_minor", .int64, .required).field("balance_after_minor", .int64, .required)
            .field("kind", .string, .required).field("invoice_id", .uuid).field("bank_payment_id", .uuid)
            .field("staff_id", .uuid).field("user_id", .uuid).field("reason", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id", "currency", "position")
            .constraint(.sql(.check(SQLRaw("balance_after_minor >= 0"))))
            .create()

        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "invoices_organization_issued").on("invoices").column("organization_id").column("issued_at").run()
        try await sql.create(index: "invoices_open_due").on("invoices").column("open_minor").column("due_on").run()
        try await sql.create(index: "invoice_settlements_invoice").on("invoice_settlements").column("invoice_id").run()
        try await sql.create(index: "invoice_lines_invoice").on("invoice_lines").column("invoice_id").run()
        try await sql.raw("CREATE UNIQUE INDEX organizations_customer_number ON organizations (customer_number)").run()

        // Customer numbers for the organizations that exist already, oldest first, then the counters.
        struct Row: Decodable { let id: UUID }
        let rows = try await sql.select().column("id").from("organizations").orderBy("created_at").orderBy("id").all(decoding: Row.self)
        var next = Int64(100_001)
        for row in rows {
            try await sql.update("organizations").set("customer_number", to: next).where("id", .equal, row.id).run()
            next += 1
        }
        for (name, value) in [("customer_number", next), ("invoice", 1), ("credit_note", 1)] {
            try await sql.insert(into: "billing_counters").columns("name", "next_value").values(SQLBind(name), SQLBind(value)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["prepaid_entries", "invoice_settlements", "invoice_vat", "invoice_lines", "invoices", "billing_counters"] {
            try await database.schema(table).delete()
        }
        try await database.schema("organizations").deleteField("pay_from_balance").update()
        try await database.schema("organizations").deleteField("customer_number").update()
    }
}
