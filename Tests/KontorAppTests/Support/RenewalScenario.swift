import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Products due for renewal, on the test clock's days.
enum RenewalScenario {
    /// The provider's today on the test clock.
    static func today(_ app: Application, _ clock: TestClock) -> String { app.kontor.config.billing.day(of: clock.now) }

    /// `days` from today, `YYYY-MM-DD`.
    static func day(_ app: Application, _ clock: TestClock, plus days: Int) -> String {
        CivilDay.text(CivilDay.number(today(app, clock))! + days)
    }

    /// A product of the organization bought as `item` for 12 months, expiring `days` from today.
    @discardableResult
    static func product(_ app: Application, _ clock: TestClock, in organizationID: UUID, _ kind: ProductKind = .webHosting, name: String,
                        expiresIn days: Int, item: CatalogItem?, automatic: Bool = false, warranty: Bool = false,
                        state: ProductState = .active) async throws -> Product {
        let product = Product(organizationID: organizationID, kind: kind, name: name,
                              renewsAt: ProductService.day(day(app, clock, plus: days))!, createdAt: clock.now, renewalWarranty: warranty,
                              mysqlServerPrefix: kind == .webHosting ? MySQLServerPrefix("wxyz") : nil)
        product.automaticRenewal = automatic
        product.$catalogItem.id = item?.id
        product.periodMonths = 12
        product.statusRaw = state.rawValue
        try await product.create(on: app.db)
        return product
    }

    /// Moves the clock one day on and runs that day's renewals.
    @discardableResult
    static func nextDay(_ app: Application, _ clock: TestClock) async throws -> RenewalRun.Report {
        clock.advance(by: 86_400)
        return try await app.renewalRun().run()
    }

    static func reload(_ app: Application, _ product: Product) async throws -> Product {
        try #require(try await Product.find(product.id, on: app.db))
    }

    /// The subjects of the e-mails to `email` about `product` (by name), oldest first.
    static func subjects(_ app: Application, to email: String, about product: String) async throws -> [String] {
        try await OutboxMessage.query(on: app.db).filter(\.$recipient == email).sort(\.$createdAt).all().map(\.subject)
            .filter { $0.contains(product) }
    }
}
