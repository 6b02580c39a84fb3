import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// Invoices in every state and a prepaid balance: the bakery has an overdue invoice, an open one and one paid
    /// from its balance after a standing-order payment; the studio has a corrected invoice and one cancelled (credit notes); Rossi & Figli
    /// pays new invoices from the balance.
    static func addInvoices(_ app: Application, organizations: [String: Organization], context: CommandContext) async throws {
        context.console.print("Issuing demo invoices…")
        let issuer = app.invoiceIssuer
        let now = app.kontor.clock.now()
        func line(_ description: String, _ francs: Int64, _ rate: VATRate = .swissStandard, quantity: Int64 = 1, _ currency: Currency = .chf) -> InvoiceIssuer.Line {
            .init(description: description, quantity: quantity, unitPrice: Money(minorUnits: francs, currency: currency), vatRate: rate)
        }
        func issue(_ organization: String, _ lines: [InvoiceIssuer.Line], daysAgo: Double, language: Language, currency: Currency = .chf) async throws -> Invoice? {
            // A provider with only some currencies' accounts (production needs just one) gets the invoices it can issue.
            guard let id = organizations[organization]?.id, app.kontor.config.billing.accounts[currency] != nil else { return nil }
            return try await issuer.issue(.init(organizationID: id, currency: currency, lines: lines, language: language),
                                          now: now.addingTimeInterval(-daysAgo * 86_400))
        }
        func credit(_ organization: String, _ minor: Int64, _ reason: String, currency: Currency = .chf) async throws {
            guard let id = organizations[organization]?.id else { return }
            try await app.db.transaction { db in
                try await db.lockForUpdate(Organization.self, id: id)
                try await PrepaidLedger.post(.init(kind: .payment, amount: Money(minorUnits: minor, currency: currency), reason: reason),
                                             to: id, now: now.addingTimeInterval(-20 * 86_400), on: db)
            }
        }
        // The bakery (es): one overdue, one open, one paid from the balance its standing order filled.
        _ = try await issue("Panadería García SL", [line("Alojamiento web panaderia-garcia.es, 12 meses", 1590, quantity: 12)], daysAgo: 45, language: .es)
        let open = try await issue("Panadería García SL", [line("Dominio panaderia-garcia.es, 1 año", 1800), line("Servicio de correo, 1 año", 3600)],
                            daysAgo: 5, language: .es)
        try await credit("Panadería García SL", 10_000, "Orden permanente")
        if let paid = try await issue("Panadería García SL", [line("Certificado SSL, 1 año", 4900)], daysAgo: 15, language: .es) {
            _ = try await InvoiceSettling.payFromBalance(invoiceID: paid.requireID(), organizationID: paid.$organization.id, userID: nil, now: now, on: app.db)
        }
        // The studio (en): an invoice corrected by a partial credit note.
        if let kSuite = try await issue("Walker Studio Ltd", [line("kSuite Pro, 5 users, 12 months", 2100, quantity: 60)], daysAgo: 10, language: .en) {
            _ = try await issuer.issueCreditNote(for: kSuite.requireID(), lines: [line("kSuite Pro: 1 user fewer, 12 months", 2100, quantity: 12)],
                                                 staffID: nil, note: nil, now: now.addingTimeInterval(-8 * 86_400))
        }
        // …and an invoice issued in error, cancelled by a credit note for all of it.
        if let mistaken = try await issue("Walker Studio Ltd", [line("Domain walker-studio.co.uk, 1 year", 1500)], daysAgo: 9, language: .en) {
            _ = try await issuer.issueCreditNote(for: mistaken.requireID(), lines: [line("Domain walker-studio.co.uk, 1 year: issued in error", 1500)],
                                                 staffID: nil, note: nil, now: now.addingTimeInterval(-7 * 86_400))
        }
        // Rossi & Figli (it) pays new invoices from its balance.
        if let rossi = organizations["Rossi & Figli"] {
            rossi.payFromBalance = true
            try await rossi.save(on: app.db)
            try await credit("Rossi & Figli", 50_000, "Ricarica")
            _ = try await issue("Rossi & Figli", [line("Dominio rossiefigli.it, 1 anno", 2400), line("Servizio di posta, 1 anno", 3600)],
                                daysAgo: 3, language: .it)
        }
        // A statement to import from the staff page: the bakery's open invoice paid exactly, a payment of the wrong
        // amount with the studio's reference, and one nobody can be told from.
        if let open, let studio = organizations["Walker Studio Ltd"]?.customerNumber,
           let studioTopUp = InvoiceQueries(db: app.db, config: app.kontor.config.billing).topUpReference(customerNumber: studio, currency: .chf) {
            let statement = SampleStatement(account: app.kontor.config.billing.accounts[.chf]?.electronic ?? "CH4431999123000889012", payments: [
                .init(reference: open.reference, amount: open.open, debtor: "Panadería García SL"),
                .init(reference: studioTopUp.electronic, amount: Money(minorUnits: 30_000, currency: .chf), debtor: "Walker Studio Ltd"),
                .init(reference: nil, amount: Money(minorUnits: 4_250, currency: .chf), debtor: "M. Unbekannt"),
            ])
            try statement.xml(messageID: "DEMO-\(Int(now.timeIntervalSince1970))", day: app.kontor.config.billing.day(of: now))
                .write(toFile: "demo-statement.xml", atomically: true, encoding: .utf8)
            context.console.print("A bank statement to import: demo-statement.xml (staff page Billing, or kontor billing import demo-statement.xml)")
        }
        // Weber (de) pays in euros.
        _ = try await issue("Weber Consulting GmbH", [line("Webhosting weber-consulting.de, 12 Monate", 1490, quantity: 12, .eur)],
                            daysAgo: 20, language: .de, currency: .eur)
    }
}
