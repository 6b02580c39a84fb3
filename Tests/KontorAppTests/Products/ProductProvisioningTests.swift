import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor

@Suite("Putting a product into an organization (kontor add-product)")
struct ProductProvisioningTests {
    @Test("a product is created complete or not at all, and every wrong field is named")
    func validation() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let service = ProductService(db: app.db)
            do {
                _ = try await service.provision(.init(kind: "web_hosting", name: " ", renewsOn: "30.06.2027", serverPrefix: "9x"), in: organization.id!, now: app.kontor.clock.now(), phpVersions: app.kontor.config.phpVersions)
                Issue.record("an incomplete hosting was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.errors.map(\.field) == ["name", "renews", "server_prefix"])
            }
            #expect(try await Product.query(on: app.db).count() == 0)

            let hosting = try await service.provision(.init(kind: "web_hosting", name: "ana.example", renewsOn: "2027-06-30", serverPrefix: "WXYZ", mysqlPrefix: true),
                                                      in: organization.id!, now: app.kontor.clock.now(), phpVersions: app.kontor.config.phpVersions)
            #expect(hosting.serverPrefix?.value == "wxyz")
            let site = try #require(try await HostingSite.query(on: app.db).filter(\.$product.$id == hosting.id!).first())
            #expect(site.domainName == "ana.example" && site.mysqlPrefixEnabled && site.migratedFromOlderOffer,
                    "--mysql-prefix: the site named after the hosting comes from an older offer")
            #expect(ProductPagesTests.day(hosting.renewsAt) == "2027-06-30")
            // Premium Support comes with the VIP code, once per organization.
            _ = try await service.provision(.init(kind: "premium_support", name: "Premium Support", renewsOn: "2027-06-30"), in: organization.id!, now: app.kontor.clock.now(), phpVersions: app.kontor.config.phpVersions)
            #expect(try await Organization.find(organization.id, on: app.db)?.vipCode?.count == 10)
            await #expect(throws: ValidationFailure.self) {
                try await service.provision(.init(kind: "premium_support", name: "Again", renewsOn: "2027-06-30"), in: organization.id!, now: app.kontor.clock.now(), phpVersions: app.kontor.config.phpVersions)
            }
            await #expect(throws: AppError.self) {
                try await service.provision(.init(kind: "domain", name: "x.example", renewsOn: "2027-06-30"), in: UUID(), now: app.kontor.clock.now(), phpVersions: app.kontor.config.phpVersions)
            }
        }
    }

    @Test("a kSuite is provisioned with its plan and comes with its mail service; without a plan it is refused by field, and other kinds take none")
    func suite() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let service = ProductService(db: app.db)
            let now = app.kontor.clock.now(), php = app.kontor.config.phpVersions
            do {
                _ = try await service.provision(.init(kind: "ksuite", name: "Team", renewsOn: "2027-06-30", suiteStorageGB: "0"), in: organization.id!, now: now, phpVersions: php)
                Issue.record("a kSuite without a plan was accepted")
            } catch let failure as ValidationFailure {
                #expect(failure.errors.map(\.field) == ["suite_users", "suite_storage_gb"])
                #expect(failure.errors.map(\.messageKey) == ["error.required", "error.catalog.out_of_range"])
            }
            await #expect(throws: ValidationFailure.self) {
                try await service.provision(.init(kind: "domain", name: "ana.example", renewsOn: "2027-06-30", suiteUsers: "5"), in: organization.id!, now: now, phpVersions: php)
            }
            #expect(try await Product.query(on: app.db).count() == 0)
            let suite = try await service.provision(.init(kind: "ksuite", name: "Team", renewsOn: "2027-06-30", suiteUsers: "12", suiteStorageGB: "1000"),
                                                    in: organization.id!, now: now, phpVersions: php)
            #expect(suite.suitePlan == SuitePlan(users: 12, storageGB: 1000))
            let mail = try #require(try await Product.query(on: app.db).filter(\.$bundledIn.$id == suite.id!).first())
            #expect(mail.kind == .mailService && mail.renewsAt == suite.renewsAt, "its mail service, as an ordered kSuite has")
        }
    }
}
