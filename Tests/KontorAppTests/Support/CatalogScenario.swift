import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// A catalog item made as staff make it (the service behind the page and the staff API), priced from today.
    @discardableResult
    static func catalogItem(_ app: Application, _ kind: ProductKind = .webHosting, name: String = "Web hosting Starter", vat: String = "standard",
                            prices: [(months: Int, amount: String, currency: String)] = [(12, "119.00", "CHF"), (12, "110.00", "EUR"), (1, "11.90", "CHF")],
                            extra: (inout CatalogItemSpec.Input) -> Void = { _ in }) async throws -> CatalogItem {
        var input = CatalogItemSpec.Input(kind: kind.rawValue, name: name, periods: Array(Set(prices.map { String($0.months) })), vatRate: vat)
        if kind == .domain { input.domainExtension = "ch" }
        if kind == .kSuite { input.suiteUsers = "5"; input.suiteStorageGB = "500" }
        if kind == .premiumSupport { input.supportTier = "pro" }
        extra(&input)
        return try await CatalogService(db: app.db, config: app.kontor.config.billing).create(
            input, prices: prices.map { .init(period: String($0.months), currency: $0.currency, amount: $0.amount, effectiveOn: nil) },
            staffID: nil, now: app.kontor.clock.now()) { _, _ in }
    }

    /// A customer who can order: signed up, with a default billing address; her organization and a signed-in browser.
    static func orderingCustomer(_ app: Application, name: String = "Ana", language: String = "en") async throws -> (Organization, Browser) {
        let user = try await customer(app, name: name, email: "\(name.lowercased())@example.test", language: language)
        let organization = try await organization(of: user, on: app)
        try await InvoiceTests.ensureAddress(app, organization.requireID())
        return (organization, try await signedIn(app, email: "\(name.lowercased())@example.test"))
    }

    /// Sends the console's order form as the page would (one idempotency key per rendered form); answers the response.
    @discardableResult
    static func order(_ browser: Browser, _ organizationID: UUID, item: CatalogItem, period: String = "12", currency: String = "CHF",
                      name: String = "", renewalWarranty: Bool = false, address: UUID? = nil, key: String = UUID().uuidString) async throws -> TestingHTTPResponse {
        var form = ["item": item.id!.uuidString, "period": period, "currency": currency, "name": name, "idempotency_key": key,
                    "billing_address": address?.uuidString ?? ""]
        if renewalWarranty { form["renewal_warranty"] = "on" }
        return try await browser.post(SiteRoute.orders(organizationID).path, form: form)
    }

    /// The only order of an organization, its product and its invoice.
    static func onlyOrder(_ app: Application, _ organizationID: UUID) async throws -> (ProductOrder, Product, Invoice) {
        let orders = try await ProductOrder.query(on: app.db).filter(\.$organization.$id == organizationID).all()
        #expect(orders.count == 1, "expected one order, found \(orders.count)")
        let order = try #require(orders.first)
        let product = try #require(try await Product.find(order.$product.id, on: app.db))
        let invoice = try #require(try await Invoice.find(order.invoiceID, on: app.db))
        return (order, product, invoice)
    }
}
