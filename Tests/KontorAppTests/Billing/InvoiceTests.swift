import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Invoices: issued once, numbered without gaps, paid from the prepaid account at most once")
struct InvoiceTests {
    /// Issues an invoice of `francs` CHF (one line at the standard rate's complement: 0 % VAT keeps the sums easy to read)
    /// to the organization's default address, adding an address first if it has none.
    @discardableResult
    static func issue(_ app: Application, to organizationID: UUID, francs: Int64, vat: VATRate = .zero, currency: Currency = .chf,
                      language: Language = .en, now: Date = Date()) async throws -> Invoice {
        try await ensureAddress(app, organizationID)
        return try await app.invoiceIssuer.issue(
            .init(organizationID: organizationID, currency: currency,
                  lines: [.init(description: "Web hosting", quantity: 1, unitPrice: Money(minorUnits: francs * 100, currency: currency), vatRate: vat)],
                  language: language), now: now)
    }

    static func ensureAddress(_ app: Application, _ organizationID: UUID) async throws {
        guard try await BillingAddress.query(on: app.db).filter(\.$organization.$id == organizationID).count() == 0 else { return }
        try await BillingAddress(organizationID: organizationID, address: PostalAddress(name: "Alice AG", street: "Seestrasse", buildingNumber: "1",
                                                                                       postcode: "8002", town: "Zürich", country: "CH"),
                                 invoiceEmail: nil, isDefault: true, now: Date()).create(on: app.db)
    }

    /// Credits the organization's prepaid account as staff would.
    static func credit(_ app: Application, _ organizationID: UUID, francs: Int64) async throws {
        try await app.db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: organizationID)
            try await PrepaidLedger.post(.init(kind: .staffCredit, amount: Money(minorUnits: francs * 100, currency: .chf), reason: "test"),
                                         to: organizationID, now: Date(), on: db)
        }
    }

    @Test("an invoice copies the billing address, sums VAT per rate, is due after the payment term and carries its own QR reference")
    func issuing() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let org = try organization.requireID()
            let refused = await #expect(throws: ValidationFailure.self) {
                try await app.invoiceIssuer.issue(
                    .init(organizationID: org, currency: .usd, lines: [.init(description: " ", quantity: 0, unitPrice: .zero(.chf), vatRate: .zero)],
                          language: .en), now: Date())
            }
            #expect(refused?.errors.map(\.field) == ["currency", "lines[0].description", "lines[0].quantity", "lines[0].unitPrice"])
            #expect(try await Invoice.query(on: app.db).count() == 0)

            try await BillingAddress(organizationID: org, address: PostalAddress(name: "Panadería García SL", street: "Calle Mayor", buildingNumber: "12",
                                                                                 postcode: "28013", town: "Madrid", country: "ES"),
                                     invoiceEmail: nil, isDefault: true, now: Date()).create(on: app.db)
            let invoice = try await app.invoiceIssuer.issue(
                .init(organizationID: org, currency: .chf, lines: [
                    .init(description: "Web hosting Pro", quantity: 12, unitPrice: Money(minorUnits: 1590, currency: .chf), vatRate: .swissStandard),
                    .init(description: "Domain ana.example", quantity: 1, unitPrice: Money(minorUnits: 1800, currency: .chf), vatRate: .swissStandard),
                    .init(description: "Printed manual", quantity: 1, unitPrice: Money(minorUnits: 1000, currency: .chf), vatRate: .swissReduced),
                ], language: .es), now: Date(timeIntervalSince1970: 1_796_000_000))
            #expect(invoice.number == "INV-000001" && invoice.customerNumber == organization.customerNumber)
            // 12 × 15.90 + 18.00 at 8.1 % = 208.80 → VAT 16.9128 → 16.91; 10.00 at 2.6 % → 0.26.
            #expect(invoice.netMinor == 21_880 && invoice.taxMinor == 1_691 + 26 && invoice.totalMinor == 23_597 && invoice.openMinor == 23_597)
            #expect(invoice.addressName == "Panadería García SL" && invoice.addressCountry == "ES")
            #expect(invoice.issuedOn == "2026-11-30" && invoice.dueOn == "2026-12-30")
            let reference = try #require(invoice.paymentReference)
            #expect(reference.typeCode == "QRR" && invoice.accountIBAN == "CH4431999123000889012")
            // The address changes later; the issued invoice does not.
            try await BillingAddress.query(on: app.db).set(\.$name, to: "Otra SL").update()
            #expect(try await Invoice.find(invoice.id, on: app.db)?.addressName == "Panadería García SL")
            #expect(try await InvoiceVAT.query(on: app.db).all().map(\.taxMinor).sorted() == [26, 1_691])
        }
    }

    @Test("50 invoices issued at once over two servers are numbered 1 to 50 with no gap and no repeat, each with its own reference")
    func gaplessInParallel() async throws {
        try await withTestApps(count: 2) { apps, _ in
            var organizations: [UUID] = []
            for index in 0..<5 {
                let user = try await Scenario.customer(apps[0], name: "Customer \(index)", email: "c\(index)@example.test")
                organizations.append(try await Scenario.organization(of: user, on: apps[0]).requireID())
                try await Self.ensureAddress(apps[0], organizations[index])
            }

            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    let app = apps[index % 2]
                    let org = organizations[index % organizations.count]
                    group.addTask { try await Self.issue(app, to: org, francs: Int64(index + 1)) }
                }
                try await group.waitForAll()
            }
            let invoices = try await Invoice.query(on: apps[0].db).all()
            #expect(invoices.map(\.sequence).sorted() == Array(1...50))
            #expect(Set(invoices.map(\.number)).count == 50 && Set(invoices.compactMap(\.reference)).count == 50)
            #expect(invoices.allSatisfy { $0.paymentReference != nil })
            #expect(try await InvoiceLine.query(on: apps[0].db).count() == 50)
        }
    }

    @Test("100 payments from the balance at once over two servers: each invoice paid once, the balance never below zero")
    func neverNegative() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let ana = try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            let org = try await Scenario.organization(of: ana, on: apps[0]).requireID()
            let token = try await Scenario.apiToken(apps[0], email: "ana@example.test")
            var invoices: [Invoice] = []
            for _ in 0..<20 { invoices.append(try await Self.issue(apps[0], to: org, francs: 30)) }
            try await Self.credit(apps[0], org, francs: 300) // pays 10 of the 20

            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<100 {
                    let app = apps[index % 2]
                    let invoice = invoices[index % 20].id!
                    group.addTask {
                        try await Scenario.api(app, .POST, .organizationInvoicePayment(org, invoice: invoice), token: token).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(Set(statuses).isSubset(of: [200, 403, 409]), "answers: \(Set(statuses))")
            #expect(statuses.filter { $0 == 200 }.count == 10)
            let entries = try await PrepaidEntry.query(on: apps[0].db).sort(\.$position).all()
            #expect(entries.map(\.position) == Array(1...11).map(Int64.init))
            #expect(entries.allSatisfy { $0.balanceAfterMinor >= 0 } && entries.last?.balanceAfterMinor == 0)
            #expect(try await Invoice.query(on: apps[0].db).filter(\.$openMinor == 0).count() == 10)
            #expect(try await InvoiceSettlement.query(on: apps[0].db).count() == 10, "no invoice settled twice")
        }
    }

    @Test("the invoice page shows lines, VAT, the QR-bill and pays from the balance; a second click is told it is paid")
    func invoicePage() async throws {
        try await withTestApp { app, _ in
            let (ana, bob, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let invoice = try await Self.issue(app, to: org, francs: 120, vat: .swissStandard)
            let list = try await bob.get(SiteRoute.invoices(org).path)
            #expect(list.status == .ok && list.body.string.contains("INV-000001") && list.body.string.contains("CHF 129.72"))
            #expect(try await bob.get(SiteRoute.invoices(org).path + "?status=paid").body.string.contains("id=\"no-invoices\""))
            let page = try await ana.get(SiteRoute.invoice(org, invoice: invoice.id!).path).body.string
            #expect(page.contains("id=\"qr-bill\"") && page.contains("<svg") && page.contains(invoice.paymentReference!.printed))
            #expect(page.contains("id=\"balance-too-low\"") && !page.contains("id=\"pay-from-balance\""))

            try await Self.credit(app, org, francs: 200)
            #expect(try await ana.get(SiteRoute.invoice(org, invoice: invoice.id!).path).body.string.contains("id=\"pay-from-balance\""))
            #expect(try await bob.post(SiteRoute.invoicePayFromBalance(org, invoice: invoice.id!).path).status == .forbidden, "a plain user cannot pay")
            let paid = try await ana.post(SiteRoute.invoicePayFromBalance(org, invoice: invoice.id!).path)
            #expect(paid.location?.contains("notice=invoice_paid_from_balance") == true)
            let again = try await ana.post(SiteRoute.invoicePayFromBalance(org, invoice: invoice.id!).path)
            #expect(again.status == .conflict && again.body.string.contains("already been paid"))
            let prepaid = try await ana.get(SiteRoute.prepaidAccount(org).path).body.string
            #expect(prepaid.contains("CHF 70.28") && prepaid.contains("INV-000001") && prepaid.contains("top-up-CHF"))
        }
    }

    @Test("the API lists with filters, shows one invoice in minor units, and refuses unknown filters by name")
    func api() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let org = try await Scenario.organization(of: ana, on: app).requireID()
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let invoice = try await Self.issue(app, to: org, francs: 100, vat: .swissStandard)
            let list = try await Scenario.api(app, .GET, .organizationInvoices(org), query: "?status=open&currency=CHF", token: token)
            #expect(list.status == .ok && list.body.string.contains("\"amountMinor\":10810") && list.body.string.contains("INV-000001"))
            let wrong = try await Scenario.api(app, .GET, .organizationInvoices(org), query: "?status=unpaid&currency=XYZ", token: token)
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("\"status\"") && wrong.body.string.contains("\"currency\""))
            let detail = try await Scenario.api(app, .GET, .organizationInvoice(org, invoice: invoice.id!), token: token)
            #expect(detail.body.string.contains("\"referenceType\":\"QRR\"") && detail.body.string.contains("\"rate\":\"8.1\""))
            #expect(try await Scenario.api(app, .POST, .organizationInvoicePayment(org, invoice: invoice.id!), token: token).status == .forbidden)
            let facts = try await Scenario.api(app, .PATCH, .organizationBilling(org), token: token, body: #"{"payFromBalance":true}"#)
            #expect(facts.status == .ok && facts.body.string.contains("\"payFromBalance\":true") && facts.body.string.contains("\"referenceType\":\"QRR\""))
            try await Self.credit(app, org, francs: 50)
            let paidAtIssue = try await Self.issue(app, to: org, francs: 40)
            #expect(paidAtIssue.openMinor == 0, "paid from the balance when it was issued, as the customer chose")
            let account = try await Scenario.api(app, .GET, .organizationPrepaidAccount(org), query: "?limit=1", token: token)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let prepaid = try decoder.decode(APIModels.PrepaidAccount.self, from: Data(account.body.readableBytesView))
            #expect(prepaid.balances.map(\.amountMinor) == [1000] && prepaid.balances.map(\.currency) == ["CHF"])
            #expect(prepaid.movements.map(\.kind) == ["invoice_payment"] && prepaid.limit == 1)
        }
    }

    @Test("a credit note names its invoice, lowers what is owed, and credits the prepaid account with what was already paid")
    func creditNotes() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let org = try await Scenario.organization(of: ana, on: app).requireID()
            let invoice = try await Self.issue(app, to: org, francs: 100)
            let issuer = app.invoiceIssuer
            let line = { (francs: Int64) in InvoiceIssuer.Line(description: "Refund", quantity: 1, unitPrice: Money(minorUnits: francs * 100, currency: .chf), vatRate: .zero) }
            let note = try await issuer.issueCreditNote(for: invoice.id!, lines: [line(30)], staffID: nil, note: nil, now: Date())
            #expect(note.number == "CN-000001" && note.creditsInvoiceID == invoice.id)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 7_000)
            await #expect(throws: ValidationFailure.self) { try await issuer.issueCreditNote(for: invoice.id!, lines: [line(71)], staffID: nil, note: nil, now: Date()) }
            try await Self.credit(app, org, francs: 70)
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.id!, organizationID: org, userID: nil, now: Date(), on: app.db)
            _ = try await issuer.issueCreditNote(for: invoice.id!, lines: [line(20)], staffID: nil, note: nil, now: Date())
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 2_000)
            #expect(try await Invoice.query(on: app.db).filter(\.$series == "credit_note").count() == 2)
        }
    }
}
