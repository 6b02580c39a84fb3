import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor

@Suite("Upgrading a database that already holds data (migrations written in SQL, run on SQLite and PostgreSQL)")
struct UpgradeMigrationTests {
    @Test("organizations that had Premium Support as a flag get the Premium Support product, readable as any product")
    func premiumSupportBecomesAProduct() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
            organization.vipCode = "1234567890"  // as M018 left it, before products existed
            try await organization.save(on: app.db)

            try await M026PremiumSupportProducts().prepare(on: app.db)
            try await M026PremiumSupportProducts().prepare(on: app.db)  // running it again adds nothing

            let products = try await Product.query(on: app.db).all()
            #expect(products.count == 1)
            let premium = try #require(products.first)
            #expect(premium.kind == .premiumSupport && premium.$organization.id == organization.id && !premium.renewalWarranty)
            #expect(premium.renewsAt > Date().addingTimeInterval(360 * 86_400))
        }
    }

    @Test("an account left with several pending identity checks keeps the newest; the index then refuses another")
    func onePendingIdentityCheck() async throws {
        try await withTestApp { app, clock in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            // One connection for the index dropped and made again: SQLite checks a CREATE INDEX against the schema its own
            // connection last read (see SiteConcurrencyAndMigrationTests.flagMovesToSites).
            let (older, newer) = try await app.db.withConnection { db in
                try await M027OnePendingIdentityRequest().revert(on: db)  // the database as the race could leave it
                let older = IdentityRequest(userID: ana.id!, now: clock.now, ipAddress: "192.0.2.1", userAgent: "test")
                try await older.create(on: db)
                let newer = IdentityRequest(userID: ana.id!, now: clock.now.addingTimeInterval(5), ipAddress: "192.0.2.1", userAgent: "test")
                try await newer.create(on: db)
                try await M027OnePendingIdentityRequest().prepare(on: db)
                return (older, newer)
            }

            #expect(try await IdentityRequest.find(newer.id, on: app.db)?.status == .pending)
            let closed = try #require(try await IdentityRequest.find(older.id, on: app.db))
            #expect(closed.status == .rejected && closed.reason == "Superseded by a newer request." && closed.decidedAt != nil)
            await #expect(throws: (any Error).self) {
                try await IdentityRequest(userID: ana.id!, now: clock.now, ipAddress: "192.0.2.1", userAgent: "test").create(on: app.db)
            }
        }
    }
}
