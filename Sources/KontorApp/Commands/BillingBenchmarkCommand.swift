import ConsoleKit
import Foundation
import KontorDomain
import KontorPDF
import SQLKit
import Vapor

/// `kontor billing benchmark-data --invoices N --references FILE`: fills an EMPTY database with N open invoices
/// spread over customers (with multi-row inserts, so it takes seconds) and writes their references and amounts for
/// `Benchmarks/camt/generate.py --references`, plus N more invoices long overdue for a reminder run. Refuses any
/// database that already has organizations: it is for `scripts/bench-billing` only.
struct BillingBenchmarkDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "invoices", help: "How many payable invoices (and as many overdue ones)") var invoices: Int?
        @Option(name: "references", help: "Where to write `REFERENCE AMOUNT` lines") var references: String?
    }
    var help: String { "Benchmark data for scripts/bench-billing (empty databases only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.invoices ?? 100_000
        guard let path = signature.references, (1...1_000_000).contains(count) else {
            context.console.error("Give --invoices 1…1000000 and --references FILE")
            throw ExitCode(64)
        }
        guard try await Organization.query(on: app.db).count() == 0 else {
            context.console.error("This database has organizations: benchmark data goes only into an empty one.")
            throw ExitCode(65)
        }
        let sql = app.db as! any SQLDatabase
        let config = app.kontor.config.billing
        let now = app.kontor.clock.now()
        let customers = max(1, count / 1_000)
        var organizations: [(UUID, Int64)] = []
        for index in 0..<customers {
            let organization = Organization(name: "Benchmark \(index)", createdAt: now)
            organization.customerNumber = try await BillingCounters.next("customer_number", on: app.db)
            try await organization.create(on: app.db)
            organizations.append((try organization.requireID(), organization.customerNumber!))
        }
        let account = config.accounts[.chf]!
        var lines: [String] = []
        let today = config.day(of: now)
        let columns = ["id", "organization_id", "series", "sequence", "number", "customer_number", "language", "currency", "net_minor", "tax_minor",
                       "total_minor", "open_minor", "reverse_charge", "reference", "reference_type", "account_iban", "address_name", "address_street",
                       "address_building_number", "address_postcode", "address_town", "address_country", "issued_at", "issued_on", "due_on",
                       "invoice_email"]
        var sequence: Int64 = 1
        for (batchStart, overdue) in [(0, false), (count, true)] {
            for chunk in stride(from: 0, to: count, by: 500) {
                var insert = sql.insert(into: "invoices").columns(columns)
                for offset in chunk..<min(chunk + 500, count) {
                    let (organizationID, customerNumber) = organizations[(batchStart + offset) % customers]
                    let reference = BillingReferences.reference(kind: .invoice, customerNumber: Int(customerNumber), sequence: Int(sequence),
                                                                qrIBAN: account.isQRIBAN)!
                    let amount = Int64(1_000 + (offset * 7919) % 98_000)
                    let issued = overdue ? config.day(today, plus: -90) : today
                    insert = insert.values([
                        // Time-ordered, as `InvoiceIssuer` makes them: random ids would make the import's invoice
                        // updates touch pages all over the table, which issued invoices no longer do.
                        SQLBind(TimeOrderedID.make()), SQLBind(organizationID), SQLBind("invoice"), SQLBind(sequence), SQLBind(DocumentSeries.invoice.number(Int(sequence))),
                        SQLBind(customerNumber), SQLBind("en"), SQLBind("CHF"), SQLBind(amount), SQLBind(Int64(0)), SQLBind(amount), SQLBind(amount),
                        SQLBind(false), SQLBind(reference.electronic), SQLBind(reference.typeCode), SQLBind(account.electronic), SQLBind("Benchmark AG"),
                        SQLBind("Seestrasse"), SQLBind("1"), SQLBind("8002"), SQLBind("Zürich"), SQLBind("CH"), SQLBind(now), SQLBind(issued),
                        SQLBind(config.day(issued, plus: config.paymentTermDays)),
                        // A billing address with an e-mail, so the reminder run composes and queues a mail for each.
                        SQLBind("billing-\(customerNumber)@benchmark.example"),
                    ].map { $0 as any SQLExpression })
                    if !overdue { lines.append("\(reference.electronic) \(Money(minorUnits: amount, currency: .chf).decimalString)") }
                    sequence += 1
                }
                try await insert.run()
            }
        }
        try await sql.raw("UPDATE billing_counters SET next_value = \(bind: sequence) WHERE name = 'invoice'").run()
        try lines.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        context.console.print("\(count) payable and \(count) overdue invoices for \(customers) customers; references in \(path)")

        // One invoice PDF with its QR-bill, timed over 50 renderings.
        if let invoice = try await Invoice.query(on: app.db).first() {
            let pdf = InvoicePDF(queries: InvoiceQueries(db: app.db, config: config), localizer: app.kontor.localizer,
                                 providerCountry: app.kontor.config.providerCountry)
            _ = try await pdf.render(invoice)
            let started = Date()
            for _ in 0..<50 { _ = try await pdf.render(invoice) }
            context.console.print(String(format: "Invoice PDF with QR-bill: %.1f ms each (50 renderings)", Date().timeIntervalSince(started) * 1000 / 50))
        }
    }
}
