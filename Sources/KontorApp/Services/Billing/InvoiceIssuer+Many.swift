import Fluent
import Foundation
import KontorDomain
import SQLKit

extension InvoiceIssuer {
    /// Why a draft given to `issueMany` was left out. The caller issues it through `issue(_:now:on:)`, which refuses
    /// it for the same reason, or pays it from the balance.
    enum NotIssued: Equatable, Sendable {
        case invalid([FieldError])
        /// Its organization pays from its prepaid balance: paying takes the ledger per invoice (`issue` does it).
        case paysFromBalance
        case organizationGone
    }

    struct Many {
        /// By the draft's position in the list given.
        var issued: [Int: IssuedInvoice] = [:]
        var notIssued: [Int: NotIssued] = [:]
    }

    /// Many invoices in the caller's transaction, each the document `issue(_:now:on:)` would write (the same
    /// `invoiceDocument`), in a few statements: the organizations locked at once, one counter update for all the
    /// numbers, the invoices, lines and VAT rows as multi-row inserts and the notices as templates (`InvoiceNotices`).
    /// Issued one by one, the renewal run spent 15 ms per invoice. Call it inside `queued`, like `issue`.
    func issueMany(_ drafts: [Draft], now: Date, on db: any Database) async throws -> Many {
        var result = Many()
        let organizationIDs = Array(Set(drafts.map(\.organizationID)))
        try await db.lockForUpdate(Organization.self, ids: organizationIDs)
        var organizations: [UUID: Organization] = [:]
        var addresses: [UUID: [BillingAddress]] = [:]
        for chunk in organizationIDs.chunked(500) {
            for organization in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                organizations[try organization.requireID()] = organization
            }
            for address in try await BillingAddress.query(on: db).filter(\.$organization.$id ~~ Array(chunk)).all() {
                addresses[address.$organization.id, default: []].append(address)
            }
        }
        var ready: [(index: Int, draft: Draft, address: IssuedAddress)] = []
        for (index, draft) in drafts.enumerated() {
            let errors = validate(draft)
            guard errors.isEmpty else { result.notIssued[index] = .invalid(errors); continue }
            guard let organization = organizations[draft.organizationID] else { result.notIssued[index] = .organizationGone; continue }
            guard !organization.payFromBalance else { result.notIssued[index] = .paysFromBalance; continue }
            let own = addresses[draft.organizationID] ?? []
            guard let address = draft.billingAddressID.map({ id in own.first { $0.id == id } }) ?? own.first(where: \.isDefault) else {
                result.notIssued[index] = .invalid([FieldError(field: "billingAddressID", messageKey: "error.billing.no_address")])
                continue
            }
            ready.append((index, draft, IssuedAddress(address)))
        }
        guard !ready.isEmpty else { return result }

        var customerNumbers: [UUID: Int64] = [:]
        for id in Set(ready.map(\.draft.organizationID)).sorted(by: { $0.uuidString < $1.uuidString }) {
            customerNumbers[id] = try await BillingCounters.customerNumber(of: organizations[id]!, on: db)
        }
        let first = try await BillingCounters.reserve(DocumentSeries.invoice.rawValue, count: ready.count, on: db)
        var documents: [Document] = []
        documents.reserveCapacity(ready.count)
        for (offset, entry) in ready.enumerated() {
            let document = try invoiceDocument(entry.draft, address: entry.address, customerNumber: customerNumbers[entry.draft.organizationID]!,
                                               sequence: first + Int64(offset), now: now)
            documents.append(document)
            result.issued[entry.index] = document.invoice
        }
        let invoices = documents.map(\.invoice)
        let needPeople = invoices.filter { ($0.invoiceEmail ?? "").trimmedAsFoundation(newlines: false).isEmpty }.map(\.organizationID)
        let people = try await BillingRecipients.people(of: needPeople, on: db)
        let (names, composer) = (organizations.mapValues(\.name), composer)
        // The notices are composed while the documents are written: composing is Swift's work, writing SQLite's (or
        // PostgreSQL's), and each has a core of its own. One statement at a time still goes to the connection.
        async let notices = TemplatedMail.prepare(InvoiceNotices.issuedMessages(invoices, organizationNames: names, people: people, composer: composer))
        for chunk in documents.chunked(2_000) { try await Self.insert(Array(chunk), issuedAt: now, on: db) }
        try await TemplatedMail.write(await notices, now: now, on: db)
        return result
    }

    /// The documents as three statements, each with its rows as one JSON bind (`BulkRows`). All were issued at `now`.
    private static func insert(_ documents: [Document], issuedAt now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        var invoices = BulkRows([.uuid, .uuid, .text, .int, .text, .uuid, .int, .text, .text, .int, .int, .int, .int, .bool, .text, .text, .text,
                                 .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .bool, .uuid, .text])
        var lines = BulkRows([.uuid, .uuid, .int, .text, .int, .int, .int, .int, .uuid])
        var vat = BulkRows([.uuid, .uuid, .int, .int, .int])
        for document in documents {
            let invoice = document.invoice
            let address = invoice.address
            invoices.append([
                .uuid(invoice.id), .uuid(invoice.organizationID), .text(invoice.series), .int(invoice.sequence), .text(invoice.number),
                .uuid(invoice.creditsInvoiceID), .int(invoice.customerNumber), .text(invoice.language), .text(invoice.currencyCode),
                .int(invoice.netMinor), .int(invoice.taxMinor), .int(invoice.totalMinor), .int(invoice.openMinor), .bool(invoice.reverseCharge),
                .text(invoice.customerVATNumber), .text(invoice.reference), .text(invoice.referenceType), .text(invoice.accountIBAN),
                .text(address.name), .text(address.street), .text(address.buildingNumber), .text(address.postcode),
                .text(address.town), .text(address.country), .text(invoice.invoiceEmail), .text(invoice.issuedOn),
                .text(invoice.dueOn), .bool(invoice.paidAt != nil), .uuid(invoice.issuedByStaffID), .text(invoice.note),
            ])
            for line in document.lines {
                lines.append([.uuid(line.id), .uuid(line.invoiceID), .int(Int64(line.position)), .text(line.description), .int(line.quantity),
                              .int(line.unitMinor), .int(line.netMinor), .int(Int64(line.vatBasisPoints)), .uuid(line.productID)])
            }
            for row in document.vat {
                vat.append([.uuid(row.id), .uuid(row.invoiceID), .int(Int64(row.vatBasisPoints)), .int(row.netMinor), .int(row.taxMinor)])
            }
        }
        let invoice = invoices.columnList(on: sql)
        try await sql.raw("""
            INSERT INTO invoices (id, organization_id, series, sequence, number, credits_invoice_id, customer_number, language, currency,
              net_minor, tax_minor, total_minor, open_minor, reverse_charge, customer_vat_number, reference, reference_type, account_iban,
              address_name, address_street, address_building_number, address_postcode, address_town, address_country, invoice_email,
              issued_on, due_on, paid_at, issued_by_staff_id, note, issued_at)
            SELECT \(unsafeRaw: invoice[0..<27].joined(separator: ", ")), CASE WHEN \(unsafeRaw: invoice[27]) THEN \(bind: now) END,
              \(unsafeRaw: invoice[28...].joined(separator: ", ")), \(bind: now) FROM \(invoices.source(on: sql))
            """).run()
        try await sql.raw("""
            INSERT INTO invoice_lines (id, invoice_id, position, description, quantity, unit_minor, net_minor, vat_basis_points, product_id)
            SELECT \(unsafeRaw: lines.columns(on: sql)) FROM \(lines.source(on: sql))
            """).run()
        try await sql.raw("""
            INSERT INTO invoice_vat (id, invoice_id, vat_basis_points, net_minor, tax_minor)
            SELECT \(unsafeRaw: vat.columns(on: sql)) FROM \(vat.source(on: sql))
            """).run()
    }
}
