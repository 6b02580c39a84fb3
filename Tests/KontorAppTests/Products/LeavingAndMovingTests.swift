import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Mailboxes on the organization's domains; leaving refused for a seat, a mailbox, the last legal representative; moving products")
struct LeavingAndMovingTests {
    @Test("a mailbox is an address on one of the organization's domains; anything else is named by its field")
    func mailboxes() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.product(app, .domain, "ana.example", in: org)
            let mail = try await Scenario.product(app, .mailService, "Mail ana.example", in: org)
            let path = SiteRoute.mailboxes(org, product: mail.id!).path
            #expect(try await browser.post(path, form: ["address": "Info@Ana.example"]).status == .seeOther)
            let elsewhere = try await browser.post(path, form: ["address": "info@other.example"])
            #expect(elsewhere.status == .unprocessableEntity && elsewhere.body.string.contains("must be on one of the"))
            let refusedPage = elsewhere.body.string
            #expect(refusedPage.contains("id=\"mailbox-address-error\"") && refusedPage.contains("value=\"info@other.example\"")
                    && refusedPage.contains("id=\"mailbox-list\""), "the product page again, the address as typed and the reason under it")
            let twice = try await browser.post(path, form: ["address": "info@ana.example"])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("already a mailbox"))
            #expect(try await browser.post(path, form: ["address": "not an address"]).status == .unprocessableEntity)
            #expect(try await Mailbox.query(on: app.db).all().map(\.address) == ["info@ana.example"])
            let page = try await browser.get(SiteRoute.organizationProduct(org, product: mail.id!).path)
            #expect(page.body.string.contains("info@ana.example"))
            // Another kind of product has no mailboxes.
            let domain = try #require(try await Product.query(on: app.db).filter(\.$kindRaw == "domain").first())
            #expect(try await browser.post(SiteRoute.mailboxes(org, product: domain.id!).path, form: ["address": "x@ana.example"]).status == .notFound)
        }
    }

    @Test("leaving is refused, each in its own sentence, while holding a seat, while signing in with a mailbox, as the last legal representative")
    func leavingRules() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            _ = try await Scenario.customer(app, name: "Bob", email: "bob@ana.example")
            try await Scenario.join(app, user: "bob@ana.example", organization: organization, role: "user", invitedBy: ana)
            try await Scenario.product(app, .domain, "ana.example", in: org)
            let mail = try await Scenario.product(app, .mailService, "Mail", in: org)
            let suite = try await Scenario.suite(app, in: org, plan: try await Scenario.suitePlans(app).standard)
            let bobMember = try await Scenario.membership(app, "bob@ana.example", in: org)
            #expect(try await ana.post(SiteRoute.suiteSeats(org, product: suite.id!).path, form: ["member": bobMember.id!.uuidString]).status == .seeOther)
            #expect(try await ana.post(SiteRoute.mailboxes(org, product: mail.id!).path, form: ["address": "bob@ana.example"]).status == .seeOther)
            let bob = try await Scenario.signedIn(app, email: "bob@ana.example")
            let leave = SiteRoute.leaveOrganization(org).path

            let seated = try await bob.post(leave)
            #expect(seated.status == .conflict && seated.body.string.contains("holds a seat of the") && seated.body.string.contains("kSuite: a legal representative or administrator frees the seat first"))
            let seat = try #require(try await SuiteSeat.query(on: app.db).first())
            #expect(try await ana.post(SiteRoute.suiteSeatRemove(org, product: suite.id!, seat: seat.id!).path).status == .seeOther)

            let mailbox = try await bob.post(leave)
            #expect(mailbox.status == .conflict && mailbox.body.string.contains("is a mailbox of the"))
            let box = try #require(try await Mailbox.query(on: app.db).first())
            #expect(try await ana.post(SiteRoute.mailboxRemove(org, product: mail.id!, mailbox: box.id!).path).status == .seeOther)

            #expect(try await bob.post(leave).status == .seeOther)
            let last = try await ana.post(leave)
            #expect(last.status == .conflict && last.body.string.contains("last legal representative"))
        }
    }

    @Test("the API refuses leaving with the rule's code while a seat is held")
    func leavingOverAPI() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            _ = try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "administrator", invitedBy: ana)
            let suite = try await Scenario.suite(app, in: org, plan: try await Scenario.suitePlans(app).standard)
            let bobMember = try await Scenario.membership(app, "bob@example.test", in: org)
            try await SuiteSeat(productID: suite.id!, userID: bobMember.$user.id, assignedBy: nil, now: Date()).create(on: app.db)
            let token = try await Scenario.apiToken(app, email: "bob@example.test")
            let response = try await app.testing().sendRequest(.DELETE, SiteRoute.api(.organizationMembership(org)).path,
                                                               headers: ["Authorization": "Bearer \(token)"])
            #expect(response.status == .conflict && response.body.string.contains("office_suite_seat"))
        }
    }

    /// A second organization, "Ana Two", where Ana is a legal representative too: where her products may move.
    static func anaTwo(_ app: Application) async throws -> Organization {
        let other = Organization(name: "Ana Two", createdAt: Date())
        try await other.create(on: app.db)
        let anaUser = try #require(try await User.find(email: "ana@example.test", on: app.db))
        try await Membership(organizationID: other.id!, userID: anaUser.id!, role: .legalRepresentative, createdAt: Date()).create(on: app.db)
        return other
    }

    @Test("a legal representative of both moves a product: renewal settings kept, default billing address, access ended, audited twice")
    func move() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await Self.anaTwo(app)
            let hosting = try await Scenario.product(app, .webHosting, "ana.example", in: from)
            hosting.$billingAddress.id = try await BillingAddress.query(on: app.db).filter(\.$organization.$id == from).first()?.id
            try await hosting.save(on: app.db)

            let page = try await ana.get(SiteRoute.organizationProduct(from, product: hosting.id!).path)
            #expect(page.body.string.contains("product-move-form") && page.body.string.contains("Ana Two"))
            let moved = try await ana.post(SiteRoute.productMove(from, product: hosting.id!).path, form: ["organization": other.id!.uuidString])
            #expect(moved.status == .seeOther)
            let after = try #require(try await Product.find(hosting.id, on: app.db))
            #expect(after.$organization.id == other.id && after.$billingAddress.id == nil)
            #expect(after.renewalWarranty && after.renewsAt == hosting.renewsAt)
            let events = try await SecurityEvent.query(on: app.db).filter(\.$kind == "product_moved").all()
            #expect(Set(events.compactMap(\.organizationID)) == [from, other.id!])
            // The old organization no longer reaches it.
            #expect(try await ana.get(SiteRoute.organizationProduct(from, product: hosting.id!).path).status == .notFound)
        }
    }

    @Test("Premium Support moved to another organization takes the VIP code's privileges along: the old one loses its code, the new one gets its own")
    func movePremiumSupport() async throws {
        try await withTestApp { app, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await Self.anaTwo(app)
            try await ProductService(db: app.db).startPremiumSupport(organization, name: "Premium Support Pro", now: clock.now)
            let oldCode = try #require(try await Organization.find(from, on: app.db)?.vipCode)
            let premium = try #require(try await Product.query(on: app.db).filter(\.$kindRaw == "premium_support").first())

            let moved = try await ana.post(SiteRoute.productMove(from, product: premium.id!).path, form: ["organization": other.id!.uuidString])
            #expect(moved.status == .seeOther)
            #expect(try await Organization.find(from, on: app.db)?.vipCode == nil, "the old organization no longer has Premium Support")
            let newCode = try #require(try await Organization.find(other.id, on: app.db)?.vipCode, "the new one has a VIP code")
            #expect(newCode != oldCode, "a code of its own: callers who knew the old code are not taken for the new organization")
            let console = try await ana.get(SiteRoute.organizationMembers(from).path).body.string
            #expect(!console.contains(VIPCode(oldCode)!.formatted))
        }
    }

    @Test("a mail service moves only where its mailboxes' domains are: refused naming the domain; the domain moving takes it along")
    func moveMailService() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await Self.anaTwo(app)
            let domain = try await Scenario.product(app, .domain, "ana.example", in: from)
            let mail = try await Scenario.product(app, .mailService, "Ana mail", in: from)
            try await Mailbox(productID: mail.id!, address: "info@ana.example", now: Date()).create(on: app.db)

            let refused = try await ana.post(SiteRoute.productMove(from, product: mail.id!).path, form: ["organization": other.id!.uuidString])
            #expect(refused.status == .conflict && refused.body.string.contains("Its mailboxes use ana.example, which the other organization does not have"))
            #expect(try await Product.find(mail.id, on: app.db)?.$organization.id == from)

            // Moving the domain takes the mail service along (its only domain); moving the service alone is no longer needed.
            #expect(try await ana.post(SiteRoute.productMove(from, product: domain.id!).path, form: ["organization": other.id!.uuidString]).status == .seeOther)
            #expect(try await Product.find(mail.id, on: app.db)?.$organization.id == other.id)
            #expect(try await Mailbox.query(on: app.db).filter(\.$product.$id == mail.id!).count() == 1, "its mailboxes go with it")
        }
    }

    @Test("a domain carrying a mail service moves only as the service could itself: not while an unpaid invoice or order holds it")
    func carriedServiceUnderTheMoveRules() async throws {
        try await withTestApp { app, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await Self.anaTwo(app)
            let domain = try await Scenario.product(app, .domain, "ana.example", in: from)
            let mail = try await Scenario.product(app, .mailService, "Ana mail", in: from)
            try await Mailbox(productID: mail.id!, address: "info@ana.example", now: Date()).create(on: app.db)
            // The mail service renewed on an invoice still open.
            try await InvoiceTests.ensureAddress(app, from)
            let invoice = try await app.invoiceIssuer.issue(.init(organizationID: from, currency: .chf, lines: [
                .init(description: "Ana mail, one month", quantity: 1, unitPrice: Money(minorUnits: 500, currency: .chf), vatRate: .zero, productID: mail.id),
            ], language: .en), now: clock.now)

            let refused = try await ana.post(SiteRoute.productMove(from, product: domain.id!).path, form: ["organization": other.id!.uuidString])
            #expect(refused.status == .conflict && refused.body.string.contains("The mail service Ana mail would move with this domain")
                    && refused.body.string.contains(invoice.number), "\(refused.status)")
            #expect(try await Product.find(domain.id, on: app.db)?.$organization.id == from)
            #expect(try await Product.find(mail.id, on: app.db)?.$organization.id == from)

            try await ReminderSuspensionTests.pay(app, invoice, clock)
            #expect(try await ana.post(SiteRoute.productMove(from, product: domain.id!).path, form: ["organization": other.id!.uuidString]).status == .seeOther)
            #expect(try await Product.find(mail.id, on: app.db)?.$organization.id == other.id, "paid, it goes with its domain")
        }
    }

    @Test("an international domain holds mailboxes however the address is typed: Unicode, with its accent apart, or xn--")
    func internationalDomainMailboxes() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.product(app, .domain, "xn--bcher-kva.ch", in: org)
            let mail = try await Scenario.product(app, .mailService, "Mail bücher.ch", in: org)
            let path = SiteRoute.mailboxes(org, product: mail.id!).path
            #expect(try await browser.post(path, form: ["address": "info@bücher.ch"]).status == .seeOther)
            #expect(try await browser.post(path, form: ["address": "shop@xn--bcher-kva.ch"]).status == .seeOther)
            #expect(try await browser.post(path, form: ["address": "info@bu\u{0308}cher.ch"]).status == .unprocessableEntity, "the same mailbox again")
            #expect(try await Mailbox.query(on: app.db).count() == 2)
        }
    }

    @Test("a domain takes along the mail service whose mailboxes use it; one that cannot follow keeps the domain where it is")
    func moveDomainWithItsMail() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await Self.anaTwo(app)
            let domain = try await Scenario.product(app, .domain, "ana.example", in: from)
            let kept = try await Scenario.product(app, .domain, "ana-shop.example", in: from)
            let mail = try await Scenario.product(app, .mailService, "Ana mail", in: from)
            try await Mailbox(productID: mail.id!, address: "info@ana.example", now: Date()).create(on: app.db)
            try await Mailbox(productID: mail.id!, address: "shop@ana-shop.example", now: Date()).create(on: app.db)

            // The service also serves a domain that stays: the domain cannot leave without stranding those mailboxes.
            let refused = try await ana.post(SiteRoute.productMove(from, product: domain.id!).path, form: ["organization": other.id!.uuidString])
            #expect(refused.status == .conflict && refused.body.string.contains("info@ana.example"))
            #expect(try await Product.find(domain.id, on: app.db)?.$organization.id == from)

            // Once the service's mailboxes are all on the moving domain (the other one removed, as the message says), the
            // domain takes its mail service along: nothing is left behind.
            try await Mailbox.query(on: app.db).filter(\.$address == "shop@ana-shop.example").delete()
            #expect(try await ana.post(SiteRoute.productMove(from, product: domain.id!).path, form: ["organization": other.id!.uuidString]).status == .seeOther)
            #expect(try await Product.find(mail.id, on: app.db)?.$organization.id == other.id, "the mail service went with its domain")
            #expect(try await Product.find(kept.id, on: app.db)?.$organization.id == from)
            #expect(try await Mailbox.query(on: app.db).filter(\.$product.$id == mail.id!).count() == 1)
        }
    }

    @Test("a kSuite and what came with it stay; an organization the mover does not represent is refused by field")
    func moveRefusals() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let bob = try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let bobs = try await Scenario.organization(of: bob, on: app)
            let other = try await Self.anaTwo(app)
            let suite = try await Scenario.suite(app, in: from, plan: try await Scenario.suitePlans(app).standard)
            let bundled = try await Scenario.product(app, .mailService, "Suite mail", in: from, bundledIn: suite)
            let domain = try await Scenario.product(app, .domain, "ana.example", in: from)

            let suiteMove = try await ana.post(SiteRoute.productMove(from, product: suite.id!).path, form: ["organization": other.id!.uuidString])
            #expect(suiteMove.status == .conflict && suiteMove.body.string.contains("A kSuite cannot be moved"))
            let bundledMove = try await ana.post(SiteRoute.productMove(from, product: bundled.id!).path, form: ["organization": other.id!.uuidString])
            #expect(bundledMove.status == .conflict && bundledMove.body.string.contains("part of a kSuite"))
            let foreign = try await ana.post(SiteRoute.productMove(from, product: domain.id!).path, form: ["organization": bobs.id!.uuidString])
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("legal representative"))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let same = try await app.testing().sendRequest(.POST, SiteRoute.api(.organizationProductMove(from, product: domain.id!)).path,
                                                           headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                           body: ByteBuffer(string: #"{"organizationId":"\#(from.uuidString)"}"#))
            #expect(same.status == .unprocessableEntity && same.body.string.contains("organizationId"))
            #expect(try await Product.query(on: app.db).filter(\.$organization.$id == from).count() == 3)
        }
    }

    @Test("another organization's suite, seat and mailbox are a 404 under one's own organization too, and change nothing")
    func crossOrganizationObjects() async throws {
        try await withTestApp { app, _ in
            let (alice, _) = try await Scenario.orderingCustomer(app, name: "Alice")
            let (mallory, browser) = try await Scenario.orderingCustomer(app, name: "Mallory")
            let aliceID = try alice.requireID(), malloryID = try mallory.requireID()
            let plans = try await Scenario.suitePlans(app)
            let aliceSuite = try await Scenario.suite(app, in: aliceID, plan: plans.standard)
            let mallorySuite = try await Scenario.suite(app, in: malloryID, plan: plans.standard)
            let aliceUser = try await Scenario.membership(app, "alice@example.test", in: aliceID)
            let seat = SuiteSeat(productID: aliceSuite.id!, userID: aliceUser.$user.id, assignedBy: nil, now: Date())
            try await seat.create(on: app.db)
            let aliceMail = try await Scenario.product(app, .mailService, "Alice mail", in: aliceID)
            let mailbox = Mailbox(productID: aliceMail.id!, address: "alice@alice.example", now: Date())
            try await mailbox.create(on: app.db)
            let paths = [
                SiteRoute.suiteSeatRemove(malloryID, product: mallorySuite.id!, seat: seat.id!).path,
                SiteRoute.suiteSeatRemove(malloryID, product: aliceSuite.id!, seat: seat.id!).path,
                SiteRoute.suiteUpgrade(malloryID, product: aliceSuite.id!).path,
                SiteRoute.mailboxRemove(malloryID, product: aliceMail.id!, mailbox: mailbox.id!).path,
                SiteRoute.productMove(malloryID, product: aliceMail.id!).path,
            ]
            for path in paths {
                let response = try await browser.post(path, form: ["item": plans.pro.id!.uuidString, "idempotency_key": "k", "organization": malloryID.uuidString])
                #expect(response.status == .notFound, "\(path) answered \(response.status)")
            }
            let malloryMember = try await Scenario.membership(app, "mallory@example.test", in: malloryID)
            let seatForAlice = try await browser.post(SiteRoute.suiteSeats(malloryID, product: aliceSuite.id!).path, form: ["member": malloryMember.id!.uuidString])
            #expect(seatForAlice.status == .notFound)
            // Alice's member is no member of Mallory's organization: named by field, not seated.
            let foreignMember = try await browser.post(SiteRoute.suiteSeats(malloryID, product: mallorySuite.id!).path, form: ["member": aliceUser.id!.uuidString])
            #expect(foreignMember.status == .unprocessableEntity)
            #expect(try await SuiteSeat.query(on: app.db).count() == 1)
            #expect(try await Mailbox.query(on: app.db).count() == 1)
            #expect(try await Product.find(aliceSuite.id, on: app.db)?.suitePlan == SuitePlan(users: 5, storageGB: 500))
            #expect(try await Product.find(aliceMail.id, on: app.db)?.$organization.id == aliceID)
        }
    }
}
