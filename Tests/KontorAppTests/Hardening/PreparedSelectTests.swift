import Fluent
import Foundation
@testable import KontorApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The reads of every signed-in page are prepared statements on PostgreSQL (`PreparedSelect`): a statement that
/// PostgreSQL refuses after a migration must not take the pages down with it.
@Suite("Prepared reads on PostgreSQL")
struct PreparedSelectTests {
    @Test("signed-in pages still answer after a migration changed the type of columns their prepared reads return",
          .enabled(if: TestDatabase.isPostgres, "a column's type is changed with PostgreSQL's ALTER TABLE"))
    func aChangedColumnFallsBackToText() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Ana Prepared", email: "ana.prepared@example.test")
            let organization = try await Scenario.organization(of: user, on: app)
            let browser = try await Scenario.signedIn(app, email: "ana.prepared@example.test")
            let products = SiteRoute.organizationProducts(organization.id!).path
            // Prepared on every pooled connection the pages use.
            for _ in 0..<8 { #expect(try await browser.get(products).status == .ok) }
            // What another server's migration may do: the same columns, another type. PostgreSQL then refuses the
            // prepared statements ("cached plan must not change result type").
            let sql = app.db as! any SQLDatabase
            try await sql.raw("ALTER TABLE memberships ALTER COLUMN role TYPE varchar(64)").run()
            try await sql.raw("ALTER TABLE users ALTER COLUMN name TYPE varchar(300)").run()
            try await sql.raw("ALTER TABLE products ALTER COLUMN name TYPE varchar(300)").run()
            for _ in 0..<8 {
                let page = try await browser.get(products)
                #expect(page.status == .ok)
                #expect(page.body.string.contains("id=\"no-products\""))
            }
            #expect(try await Membership.all(of: user.id!, on: app.db).map(\.$organization.id) == [organization.id!])
        }
    }
}
