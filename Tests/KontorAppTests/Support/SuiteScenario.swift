import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// The catalog's two kSuite plans: Standard (`users` × 500 GB, CHF 138.00 a year) and Pro (20 × 2000 GB, CHF 690.00).
    static func suitePlans(_ app: Application, users: Int = 5) async throws -> (standard: CatalogItem, pro: CatalogItem) {
        let standard = try await catalogItem(app, .kSuite, name: "kSuite Standard", prices: [(12, "138.00", "CHF")]) { $0.suiteUsers = String(users) }
        let pro = try await catalogItem(app, .kSuite, name: "kSuite Pro", prices: [(12, "690.00", "CHF")]) {
            $0.suiteUsers = "20"; $0.suiteStorageGB = "2000"
        }
        return (standard, pro)
    }

    /// A yearly kSuite on `plan`, renewing on `renewsOn`, as an order would have left it once paid.
    static func suite(_ app: Application, in organizationID: UUID, plan: CatalogItem, renewsOn: String = "2027-03-01") async throws -> Product {
        let now = app.kontor.clock.now()
        let suite = Product(organizationID: organizationID, kind: .kSuite, name: "Team kSuite", renewsAt: ProductService.day(renewsOn)!, createdAt: now)
        suite.$catalogItem.id = plan.id
        suite.periodMonths = 12
        suite.suiteUsers = plan.suiteUsers
        suite.suiteStorageGB = plan.suiteStorageGB
        try await suite.create(on: app.db)
        return suite
    }

    /// A product of another kind in the organization (a domain named `name`, a mail service…).
    @discardableResult
    static func product(_ app: Application, _ kind: ProductKind, _ name: String, in organizationID: UUID, bundledIn suite: Product? = nil) async throws -> Product {
        let now = app.kontor.clock.now()
        let product = Product(organizationID: organizationID, kind: kind, name: name, renewsAt: now.addingTimeInterval(90 * 86_400), createdAt: now,
                              renewalWarranty: true, mysqlServerPrefix: kind == .webHosting ? MySQLServerPrefix("wxyz") : nil)
        product.$bundledIn.id = suite?.id
        try await product.create(on: app.db)
        return product
    }

    /// The membership of the user with this address in the organization.
    static func membership(_ app: Application, _ email: String, in organizationID: UUID) async throws -> Membership {
        let user = try #require(try await User.find(email: email, on: app.db))
        return try #require(try await Membership.find(user: user.requireID(), organization: organizationID, on: app.db))
    }
}
