import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A product moving to another organization while someone writes to it: each writer works on the product as it is
/// under its organization's lock, never on the copy it read before the move.
@Suite("Products written to while they move to another organization")
struct ProductMoveConcurrencyTests {
    /// Ana's first organization with the domains ana.example and shop.example and a mail service with info@ana.example;
    /// her second organization has ana.example too, so the mail service may move there while it has no shop.example address.
    static func mailSetUp(_ app: Application) async throws -> (ana: Browser, from: UUID, to: UUID, mail: Product) {
        let (organization, ana) = try await Scenario.orderingCustomer(app)
        let from = try organization.requireID()
        let other = try await LeavingAndMovingTests.anaTwo(app)
        try await Scenario.product(app, .domain, "ana.example", in: from)
        try await Scenario.product(app, .domain, "shop.example", in: from)
        try await Scenario.product(app, .domain, "ana.example", in: other.requireID())
        let mail = try await Scenario.product(app, .mailService, "Ana mail", in: from)
        try await Mailbox(productID: mail.id!, address: "info@ana.example", now: Date()).create(on: app.db)
        return (ana, from, try other.requireID(), mail)
    }

    /// Every mailbox of the mail service is on a domain its organization has.
    static func strandedMailboxes(_ app: Application, _ mailID: UUID) async throws -> [String] {
        let service = try #require(try await Product.find(mailID, on: app.db))
        let domains = try await MailboxService(db: app.db).domains(of: service.$organization.id)
        return try await Mailbox.query(on: app.db).filter(\.$product.$id == mailID).all(\.$address)
            .filter { !domains.contains(String($0.split(separator: "@").last ?? "")) }
    }

    @Test("mailboxes added while their mail service moves over another server: each is refused or added before the move, none on a domain the new organization lacks")
    func mailboxesWhileMoving() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (ana, from, to, mail) = try await Self.mailSetUp(apps[0])
            let twin = Browser(apps[1])
            for (name, value) in ana.cookies { twin.setCookie(name, value) }
            let csrf = try await ana.csrfToken(page: SiteRoute.organizationProduct(from, product: mail.id!).path)
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                group.addTask {
                    try await twin.post(SiteRoute.productMove(from, product: mail.id!).path, form: ["organization": to.uuidString, "_csrf": csrf]).status.code
                }
                for index in 0..<8 {
                    let browser = index % 2 == 0 ? ana : twin
                    group.addTask {
                        // Spread over the move's few milliseconds, so some adds read the product before it moves and write after.
                        try await Task.sleep(for: .milliseconds(6 + 3 * index))
                        return try await browser.post(SiteRoute.mailboxes(from, product: mail.id!).path, form: ["address": "box\(index)@shop.example", "_csrf": csrf]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 < 500 }, "\(codes)")
            #expect(try await Self.strandedMailboxes(apps[1], mail.id!) == [], "\(codes)")
        }
    }

    @Test("a mailbox added or removed through the mail service as read before it moved away is a 404 and changes nothing")
    func mailboxAfterMove() async throws {
        try await withTestApp { app, clock in
            let (ana, from, to, mail) = try await Self.mailSetUp(app)
            let read = try await MailboxService(db: app.db).mailService(mail.id!, in: from)   // what the page's request read
            let info = try #require(try await Mailbox.query(on: app.db).filter(\.$product.$id == mail.id!).first())
            #expect(try await ana.post(SiteRoute.productMove(from, product: mail.id!).path, form: ["organization": to.uuidString]).status == .seeOther)

            await #expect(throws: AppError.notFound) {
                try await MailboxService(db: app.db).add("sales@shop.example", to: read, now: clock.now) { _, _ in }
            }
            await #expect(throws: AppError.notFound) { try await MailboxService(db: app.db).remove(info.requireID(), of: read) { _, _ in } }
            #expect(try await Mailbox.query(on: app.db).filter(\.$product.$id == mail.id!).all(\.$address) == ["info@ana.example"])
        }
    }

    @Test("a billing address chosen for a product as read before it moved away is refused; the product keeps the new organization's default")
    func billingAddressAfterMove() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await LeavingAndMovingTests.anaTwo(app)
            let hosting = try await Scenario.product(app, .webHosting, "ana.example", in: from)
            let address = try #require(try await BillingAddress.query(on: app.db).filter(\.$organization.$id == from).first())
            let read = try await ProductService(db: app.db).product(hosting.requireID(), in: from)
            #expect(try await ana.post(SiteRoute.productMove(from, product: hosting.id!).path, form: ["organization": other.id!.uuidString]).status == .seeOther)

            await #expect(throws: AppError.notFound) { try await BillingAddressService(db: app.db).assign(address.requireID(), to: read) }
            #expect(try await Product.find(hosting.id, on: app.db)?.$billingAddress.id == nil, "never an address of the organization it left")
        }
    }

    @Test("access to a product given, or its Renewal Warranty switched, through the product as read before it moved away is a 404 and changes nothing")
    func grantAndWarrantyAfterMove() async throws {
        try await withTestApp { app, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await LeavingAndMovingTests.anaTwo(app)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: ana)
            let bob = try await Scenario.membership(app, "bob@example.test", in: from)
            let hosting = try await Scenario.product(app, .webHosting, "ana.example", in: from)
            let read = try await ProductService(db: app.db).product(hosting.requireID(), in: from)   // what the page's request read
            let warrantyBefore = read.renewalWarranty
            #expect(try await ana.post(SiteRoute.productMove(from, product: hosting.id!).path, form: ["organization": other.id!.uuidString]).status == .seeOther)

            await #expect(throws: AppError.notFound) {
                try await ProductGrants(db: app.db).grant(read, to: bob, by: bob.$user.id, now: clock.now) { _ in }
            }
            #expect(try await ProductMemberGrant.query(on: app.db).filter(\.$product.$id == hosting.id!).count() == 0)
            await #expect(throws: AppError.notFound) { try await ProductService(db: app.db).setRenewalWarranty(read, enabled: !warrantyBefore) }
            let changed = try await ProductService(db: app.db).setRenewalWarranty([hosting.id!], enabled: !warrantyBefore, in: other.requireID())
            #expect(changed.toChange == [hosting.id!], "the organization it moved to switches it")
            #expect(try await Product.find(hosting.id, on: app.db)?.renewalWarranty == !warrantyBefore)
        }
    }
}
