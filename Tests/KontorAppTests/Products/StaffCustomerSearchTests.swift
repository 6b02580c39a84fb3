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
            for query in ["panadería", "GARCÍA SL", "ana@example", "Ana García", "panaderia-garcia.example", "garcia.example"] {
                let page = try await search(staff, query).body.string
                #expect(page.contains(anaPath) && !page.contains(brunoPath), "“\(query)” finds Ana's organization only")
                #expect(page.contains("1 customer found.") && page.contains("Ana García &lt;ana@example.test&gt;"), "with the legal representative")
            }
            let both = try await search(staff, "example").body.string
            #expect(both.contains(anaPath) && both.contains(brunoPath) && both.contains("2 customers found."))
            let narrowed = try await search(staff, "example bruno").body.string
            #expect(narrowed.contains(brunoPath) && !narrowed.contains(anaPath), "every word must match")
            let none = try await search(staff, "zzz-nobody")
            #expect(none.status == .ok && none.body.string.contains("No customer matches this search."))
            // % and _ are letters here, not wildcards.
            #expect(try await search(staff, "%").body.string.contains("No customer matches this search."))
            #expect(try await search(staff, "_").body.string.contains("No customer matches this search."))

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
}
