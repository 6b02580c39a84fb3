import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Billing staff find a customer by what the caller gives them: the organization's name, its number, a member's name
/// or address, or one of its products — not only by the customer number.
@Suite("Staff find customers by name, number, member or product")
struct StaffCustomerSearchTests {
    /// Ana's "Panadería García SL" with the domain panaderia-garcia.example, and Bruno's "Bruno Design".
    private func customers(_ app: Application) async throws -> (ana: Organization, bruno: Organization) {
        let ana = try await Scenario.customer(app, name: "Ana García", email: "ana@example.test")
        let anaOrganization = try await Scenario.organization(of: ana, on: app)
        anaOrganization.name = "Panadería García SL"
        try await anaOrganization.save(on: app.db)
        try await Product(organizationID: anaOrganization.requireID(), kind: .domain, name: "panaderia-garcia.example",
                          renewsAt: Date().addingTimeInterval(86_400 * 200), createdAt: Date()).create(on: app.db)
        let bruno = try await Scenario.customer(app, name: "Bruno Keller", email: "bruno@keller.example")
        let brunoOrganization = try await Scenario.organization(of: bruno, on: app)
        brunoOrganization.name = "Bruno Design"
        try await brunoOrganization.save(on: app.db)
        return (anaOrganization, brunoOrganization)
    }

    private func search(_ staff: Browser, _ query: String) async throws -> TestingHTTPResponse {
        try await staff.get(SiteRoute.staffCustomers.path + "?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    @Test("each way in finds the customer, case aside; every word must match; a customer number alone opens it")
    func waysIn() async throws {
        try await withTestApp { app, _ in
            let (ana, bruno) = try await customers(app)
            let staff = try await Scenario.staff(app, role: .billing)
            let anaPath = SiteRoute.staffCustomer(try ana.requireID()).path, brunoPath = SiteRoute.staffCustomer(try bruno.requireID()).path
            for query in ["panadería", "GARCÍA SL", "ana@example", "Ana García", "panaderia-garcia.example", "garcia.example",
                          "garcia panaderia", "PANADERIA"] {
                let page = try await search(staff, query).body.string
                #expect(page.contains(anaPath) && !page.contains(brunoPath), "“\(query)” finds Ana's organization only")
                #expect(page.contains("1 customer found.") && page.contains("Ana García &lt;ana@example.test&gt;"), "with the legal representative")
            }
            let both = try await search(staff, "example").body.string
            #expect(both.contains(anaPath) && both.contains(brunoPath) && both.contains("2 customers found."))
            // A deleted product is history: found by its name, not counted among the customer's products.
            let old = Product(organizationID: try bruno.requireID(), kind: .domain, name: "bruno-old.example",
                              renewsAt: Date().addingTimeInterval(86_400), createdAt: Date())
            old.statusRaw = ProductState.deleted.rawValue
            try await old.create(on: app.db)
            #expect(try await search(staff, "bruno-old").body.string.contains("&lt;bruno@keller.example&gt;</td><td>0</td>"))
            let narrowed = try await search(staff, "example bruno").body.string
            #expect(narrowed.contains(brunoPath) && !narrowed.contains(anaPath), "every word must match")
            let none = try await search(staff, "zzz-nobody")
            #expect(none.status == .ok && none.body.string.contains("No customer matches this search."))
            // % and _ are letters here, not wildcards.
            #expect(try await search(staff, "%").body.string.contains("No customer matches this search."))
            #expect(try await search(staff, "_").body.string.contains("No customer matches this search."))

            // Accents and case aside on both sides, whatever the database folds by itself (SQLite's lower() only ASCII).
            let school = Organization(name: "ÉCOLE ÑANDÚ", createdAt: Date())
            try await school.create(on: app.db)
            for query in ["ecole nandu", "École Ñandú", "e\u{301}cole"] {
                #expect(try await search(staff, query).body.string.contains(SiteRoute.staffCustomer(try school.requireID()).path), "“\(query)”")
            }
            let number = try #require(ana.customerNumber)
            let opened = try await search(staff, String(number))
            #expect(opened.status == .seeOther && opened.headers.first(name: .location) == anaPath)
        }
    }

    @Test("more than 50 matches list the first 50 and say so; a support or editor member cannot search")
    func limitAndRoles() async throws {
        try await withTestApp { app, _ in
            for index in 1...51 { try await Organization(name: "Bulk Customer \(index)", createdAt: Date()).create(on: app.db) }
            let staff = try await Scenario.staff(app, role: .administrator)
            let page = try await search(staff, "bulk customer").body.string
            #expect(page.contains("More than 50 customers match: the first 50 are listed."))
            #expect(page.components(separatedBy: "/staff/customers/").count - 1 == 50)
            for role in [StaffRole.support, .editor] {
                let other = try await Scenario.staff(app, role: role, email: "\(role.rawValue)@staff.test")
                #expect(try await search(other, "bulk").status == .forbidden)
            }
        }
    }

    @Test("the search speaks the staff member's language, with plural forms")
    func languages() async throws {
        try await withTestApp { app, _ in
            _ = try await customers(app)
            let staff = try await Scenario.staff(app, role: .billing)
            let expected = ["es": "2 clientes encontrados.", "fr": "2 clients trouvés.", "de": "2 Kunden gefunden.", "it": "2 clienti trovati.",
                            "en": "2 customers found."]
            for (language, sentence) in expected {
                let page = try await staff.get(SiteRoute.staffCustomers.path + "?q=example&lang=\(language)").body.string
                #expect(page.contains(sentence), "\(language): \(sentence)")
            }
        }
    }

    @Test("a customer's page says who to call and what it owes: members with address and language, prepaid balance, unpaid and recent invoices")
    func customerPage() async throws {
        try await withTestApp { app, clock in
            let (ana, bruno) = try await customers(app)
            let invoice = try await InvoiceTests.issue(app, to: ana.requireID(), francs: 120, now: clock.now)
            let staff = try await Scenario.staff(app, role: .billing)
            let page = try await staff.get(SiteRoute.staffCustomer(try ana.requireID()).path).body.string
            #expect(page.contains("Ana García") && page.contains("mailto:ana@example.test") && page.contains("Legal representative") && page.contains("English"))
            let open = MoneyFormatting.format(Money(minorUnits: 12_000, currency: .chf), .en)
            let zero = MoneyFormatting.format(Money(minorUnits: 0, currency: .chf), .en)
            #expect(page.contains("1 unpaid invoice: \(open) open, of which \(zero) overdue."))
            #expect(page.contains(invoice.number) && page.contains("Prepaid balance: <strong>\(zero)</strong>"))
            #expect(!page.contains("bruno@keller.example"), "another organization's members are not listed")

            let old = try await InvoiceTests.issue(app, to: ana.requireID(), francs: 30, now: clock.now.addingTimeInterval(-60 * 24 * 3600))
            let later = try await staff.get(SiteRoute.staffCustomer(try ana.requireID()).path).body.string
            let both = MoneyFormatting.format(Money(minorUnits: 15_000, currency: .chf), .en), overdue = MoneyFormatting.format(Money(minorUnits: 3_000, currency: .chf), .en)
            #expect(later.contains("2 unpaid invoices: \(both) open, of which \(overdue) overdue."), "past its due day an invoice counts as overdue")
            #expect(later.contains(old.number))
            let brunoPage = try await staff.get(SiteRoute.staffCustomer(try bruno.requireID()).path).body.string
            #expect(brunoPage.contains("No unpaid invoice.") && !brunoPage.contains(invoice.number))
        }
    }
}
