import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Invoices, orders and reminders a page at a time: every item reachable by following nextBefore, none twice")
struct ListPagingTests {
    /// Follows `nextBefore` from the first page; answers the pages' item numbers (or ids).
    static func pages<Item: Content>(_ app: Application, _ route: APIRoute, token: String, limit: Int, _ name: (Item) -> String) async throws -> [[String]] {
        var pages: [[String]] = []
        var before: UUID?
        repeat {
            let response = try await Scenario.api(app, .GET, route, query: "?limit=\(limit)" + (before.map { "&before=\($0)" } ?? ""), token: token)
            #expect(response.status == .ok)
            let page = try response.content.decode(APIModels.Page<Item>.self)
            pages.append(page.items.map(name))
            before = page.nextBefore
        } while before != nil && pages.count < 100
        return pages
    }

    @Test("GET …/invoices pages newest first, issued in the same second or not; a bad limit or a foreign cursor is 422 naming it")
    func invoices() async throws {
        try await withTestApp { app, clock in
            let (_, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            for _ in 0..<5 { try await InvoiceTests.issue(app, to: org, francs: 10, now: clock.now) }   // the same instant
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let pages = try await Self.pages(app, .organizationInvoices(org), token: token, limit: 2) { (item: APIModels.InvoiceSummary) in item.number }
            #expect(pages == [["INV-000005", "INV-000004"], ["INV-000003", "INV-000002"], ["INV-000001"]])
            let whole = try await Scenario.api(app, .GET, .organizationInvoices(org), token: token)
            #expect(try whole.content.decode(APIModels.Page<APIModels.InvoiceSummary>.self).items.count == 5 && !whole.body.string.contains("nextBefore"))

            for (query, field) in [("?limit=0", "limit"), ("?limit=201", "limit"), ("?before=nope", "before"), ("?before=\(UUID())", "before")] {
                let refused = try await Scenario.api(app, .GET, .organizationInvoices(org), query: query, token: token)
                #expect(refused.status == .unprocessableEntity && (try? Scenario.apiFields(refused)) == [field], "\(query)")
            }
            // Another organization's invoice is no cursor here.
            let other = try await BankImportTests.customer(app, "Zoe").requireID()
            let foreign = try await InvoiceTests.issue(app, to: other, francs: 10)
            let refused = try await Scenario.api(app, .GET, .organizationInvoices(org), query: "?before=\(foreign.id!)", token: token)
            #expect(refused.status == .unprocessableEntity && (try? Scenario.apiFields(refused)) == ["before"])
        }
    }

    @Test("the invoices page shows 50 at a time with a link to the older ones, keeping the filters")
    func invoicesPage() async throws {
        try await withTestApp { app, clock in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            for _ in 0..<(InvoicesController.pageSize + 2) { try await InvoiceTests.issue(app, to: org, francs: 10, now: clock.now) }
            let first = try await ana.get(SiteRoute.invoices(org).path + "?status=open").body.string
            #expect(first.components(separatedBy: "class=\"invoice-row\"").count - 1 == InvoicesController.pageSize)
            #expect(first.contains("INV-000052") && !first.contains("INV-000002<") && !first.contains("id=\"invoices-newest\""))
            let link = try #require(first.range(of: "\" id=\"invoices-older\""))
            let head = first[..<link.lowerBound]
            let older = String(head[try #require(head.range(of: "href=\"", options: .backwards)).upperBound...])
            #expect(older.contains("status=open") && older.contains("before="))
            let second = try await ana.get(older.replacingOccurrences(of: "&amp;", with: "&")).body.string
            #expect(second.components(separatedBy: "class=\"invoice-row\"").count - 1 == 2)
            #expect(second.contains("INV-000001<") && second.contains("id=\"invoices-newest\"") && !second.contains("id=\"invoices-older\""))
        }
    }

    @Test("GET …/reminders and GET …/orders page the same way")
    func remindersAndOrders() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app, .domain, name: "Domain .ch", prices: [(12, "15.00", "CHF")])
            for name in ["a-shop.ch", "b-shop.ch", "c-shop.ch"] { try await Scenario.order(browser, org, item: item, name: name) }
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let orders = try await Self.pages(app, .organizationOrders(org), token: token, limit: 2) { (order: APIModels.Order) in order.id.uuidString }
            #expect(orders.map(\.count) == [2, 1] && Set(orders.joined()).count == 3)

            let invoice = try #require(try await Invoice.query(on: app.db).filter(\.$organization.$id == org).first())
            try await ReminderSuspensionTests.go(app, clock, to: 10, after: invoice)
            #expect(try await app.reminderRun().run().sent[.reminder1] == 3)
            let later = try await Scenario.apiToken(app, email: "ana@example.test")   // 40 days on: a new session
            let reminders = try await Self.pages(app, .organizationReminders(org), token: later, limit: 2) { (reminder: APIModels.Reminder) in reminder.invoiceNumber }
            #expect(reminders.map(\.count) == [2, 1] && Set(reminders.joined()).count == 3)
            let refused = try await Scenario.api(app, .GET, .organizationReminders(org), query: "?before=\(UUID())", token: later)
            #expect(refused.status == .unprocessableEntity && (try? Scenario.apiFields(refused)) == ["before"])
        }
    }
}
