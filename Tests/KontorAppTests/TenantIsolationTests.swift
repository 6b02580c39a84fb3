import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Tenant isolation over the whole route table (ASVS 8.2–8.4)")
struct TenantIsolationTests {
    @Test("every organization-scoped route answers 404 to a member of another organization and changes nothing")
    func everyScopedRoute() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let mallory = try await Scenario.customer(app, name: "Mallory", email: "mallory@example.test")
            let target = try await Scenario.organization(of: alice, on: app)
            let aliceBrowser = try await Scenario.signedIn(app, email: "alice@example.test")
            try await aliceBrowser.post(SiteRoute.inviteMember(target.id!).path, form: ["email": "bob@example.test", "role": "user"])
            let member = try #require(try await Membership.members(of: target.id!, on: app.db).first)
            let invitation = try #require(try await Invitation.query(on: app.db).first())
            try await aliceBrowser.post(SiteRoute.grantSupportAccess(target.id!).path, form: ["hours": "4"])
            let grant = try #require(try await SupportGrant.query(on: app.db).first())
            let product = Product(organizationID: target.id!, kind: .webHosting, name: "alice.example", renewsAt: Date().addingTimeInterval(86_400),
                                  createdAt: Date(), renewalWarranty: false, mysqlServerPrefix: MySQLServerPrefix("wxyz"))
            try await product.create(on: app.db)
            try await HostingProvisioning(db: app.db).add(.init(migratedSites: ["alice.example"], databases: ["mabase"]), to: product,
                                                          offered: app.kontor.config.phpVersions, now: Date())
            let site = try #require(try await HostingSite.query(on: app.db).first())
            let variable = try await SiteVariables(db: app.db, secretKey: app.kontor.config.secretKey)
                .add(to: site.id!, name: "APP_KEY", value: "Alice's secret", isSecret: true, now: Date()) { _, _ in }
            let address = BillingAddress(organizationID: target.id!, address: PostalAddress(name: "Alice AG", street: "Seestrasse", buildingNumber: "1",
                                                                                              postcode: "8002", town: "Zürich", country: "CH"),
                                         invoiceEmail: nil, isDefault: true, now: Date())
            try await address.create(on: app.db)
            let invoice = try await InvoiceTests.issue(app, to: target.id!, francs: 120)
            try await InvoiceTests.credit(app, target.id!, francs: 500)
            let item = try await Scenario.catalogItem(app)
            let order = try await app.orderService.place(.init(organizationID: target.id!, itemID: item.id, request: .init(period: "12", currency: "CHF",
                                                                                                                           renewalWarranty: false, name: nil),
                                                               billingAddressID: nil, idempotencyKey: "alice-form", userID: alice.id), now: Date()).order
            let suite = Product(organizationID: target.id!, kind: .kSuite, name: "Alice kSuite", renewsAt: Date().addingTimeInterval(86_400), createdAt: Date())
            suite.suiteUsers = 5
            suite.suiteStorageGB = 500
            try await suite.create(on: app.db)
            let seat = SuiteSeat(productID: suite.id!, userID: alice.id!, assignedBy: nil, now: Date())
            try await seat.create(on: app.db)
            let mail = Product(organizationID: target.id!, kind: .mailService, name: "Alice mail", renewsAt: Date().addingTimeInterval(86_400), createdAt: Date())
            try await mail.create(on: app.db)
            let mailbox = Mailbox(productID: mail.id!, address: "alice@alice.example", now: Date())
            try await mailbox.create(on: app.db)
            _ = mallory

            let browser = try await Scenario.signedIn(app, email: "mallory@example.test")
            let token = try await Scenario.apiToken(app, email: "mallory@example.test")
            let values = ["orgID": target.id!.uuidString, "memberID": member.id!.uuidString, "invitationID": invitation.id!.uuidString,
                          "grantID": grant.id!.uuidString, "productID": product.id!.uuidString, "addressID": address.id!.uuidString,
                          "invoiceID": invoice.id!.uuidString, "currency": "CHF",
                          "siteID": site.id!.uuidString, "variableID": variable.id!.uuidString,
                          "orderID": order.id!.uuidString, "seatID": seat.id!.uuidString, "mailboxID": mailbox.id!.uuidString]
            let scoped = app.routes.all.filter { route in route.path.contains { $0.description == ":orgID" } }
            #expect(scoped.count >= 15, "expected the organization routes to be registered, found \(scoped.count)")
            for route in scoped {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return values[name] ?? UUID().uuidString }
                    return component.description
                }.joined(separator: "/")
                let response: TestingHTTPResponse
                if path.hasPrefix("/api/") {
                    response = try await app.testing().sendRequest(route.method, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                                   body: ByteBuffer(string: #"{"role":"user","email":"x@example.test","name":"X","hours":4,"mayChange":true,"renewalWarranty":true,"phpVersion":"8.1","mysqlPrefix":false,"value":"Taken over","isSecret":false,"billingAddressID":null,"isDefault":true,"street":"X","postcode":"1","town":"X","country":"CH","payFromBalance":true}"#))
                } else if route.method == .GET {
                    response = try await browser.get(path)
                } else {
                    response = try await browser.post(path, form: ["role": "user", "email": "x@example.test", "name": "Taken over", "enabled": "true", "pay_from_balance": "on",
                                                                   "php_version": "8.1", "confirm": "yes", "value": "Taken over", "version": "1", "member": member.id!.uuidString,
                                                                   "products[]": product.id!.uuidString, "address": "x@alice.example",
                                                                   "organization": target.id!.uuidString, "idempotency_key": "k"])
                }
                #expect(response.status == .notFound, "\(route.method) \(path) answered \(response.status)")
                #expect(!response.body.string.contains("Alice"), "\(route.method) \(path) leaked a name")
                #expect(!response.body.string.contains("alice.example"), "\(route.method) \(path) leaked a site")
            }
            #expect(try await Organization.find(target.id!, on: app.db)?.name == "Alice")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 12_000, "the invoice was not paid from Alice's balance")
            #expect(try await Organization.find(target.id!, on: app.db)?.payFromBalance == false)
            #expect(try await Membership.members(of: target.id!, on: app.db).count == 1)
            #expect(try await Invitation.query(on: app.db).filter(\.$revokedAt == nil).count() == 1)
            #expect(try await SupportGrant.query(on: app.db).all().map(\.revokedAt) == [nil], "no grant added or ended")
            let untouched = try #require(try await Product.find(product.id, on: app.db))
            #expect(!untouched.renewalWarranty, "no product setting changed")
            let untouchedSite = try #require(try await HostingSite.find(site.id, on: app.db))
            #expect(untouchedSite.mysqlPrefixEnabled && untouchedSite.phpVersion == site.phpVersion, "no site setting changed")
            let variables = try await SiteEnvironmentVariable.query(on: app.db).all()
            #expect(variables.map(\.name) == ["APP_KEY"] && variables.first?.version == 1, "no variable added, changed or deleted")
            #expect(try await ProductMemberGrant.query(on: app.db).count() == 0, "no access to the product given")
            #expect(try await BillingAddress.query(on: app.db).all().map(\.name) == ["Alice AG"], "no billing address added or removed")
            #expect(try await ProductOrder.query(on: app.db).count() == 1, "no order placed for Alice")
            #expect(try await SuiteSeat.query(on: app.db).count() == 1, "no seat added or removed")
            #expect(try await Mailbox.query(on: app.db).count() == 1, "no mailbox added or removed")
            #expect(try await Product.query(on: app.db).filter(\.$organization.$id == target.id!).count() == 4, "no product moved out")
            #expect(try await Product.find(order.$product.id, on: app.db)?.isPending == true, "Alice's order was not paid from her balance")
        }
    }

    @Test("every staff API route answers 401 to a customer's session or personal token and to a staff cookie, and changes nothing")
    func staffRoutesRefuseCustomers() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let target = try await Scenario.organization(of: alice, on: app)
            let invoice = try await InvoiceTests.issue(app, to: target.id!, francs: 120)
            let session = try await Scenario.apiToken(app, email: "alice@example.test")
            let personal = try await Scenario.personalToken(app, session: session)
            let staffBrowser = try await Scenario.staff(app, role: .administrator)
            let routes = app.routes.all.filter { $0.path.map(\.description).starts(with: ["api", "v1", "staff"]) }
            #expect(routes.count == 21, "expected the staff API routes to be registered, found \(routes.count)")
            for route in routes {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return invoice.id!.uuidString }
                    return component.description
                }.joined(separator: "/")
                let body = ByteBuffer(string: #"{"customerNumber":\#(target.customerNumber ?? 0),"currency":"CHF","lines":[]}"#)
                for token in [session, personal] {
                    let response = try await app.testing().sendRequest(route.method, path, headers: ["Authorization": "Bearer \(token)",
                                                                                                     "Content-Type": "application/json"], body: body)
                    #expect(response.status == .unauthorized, "\(route.method) \(path) answered \(response.status) to a customer token")
                }
                let withCookie = try await staffBrowser.send(route.method, path, body: body, headers: ["Content-Type": "application/json"])
                #expect(withCookie.status == .unauthorized, "\(route.method) \(path) answered \(withCookie.status) to a staff cookie")
            }
            #expect(try await Invoice.query(on: app.db).count() == 1)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 12_000)
        }
    }

    @Test("a removed member loses access on the very next request")
    func removalIsImmediate() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let aliceBrowser = try await Scenario.signedIn(app, email: "alice@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "administrator", invitedBy: aliceBrowser)
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            let bobToken = try await Scenario.apiToken(app, email: "bob@example.test")
            #expect(try await bob.get(SiteRoute.organizationMembers(organization.id!).path).status == .ok)
            let bobMember = try #require(try await Membership.members(of: organization.id!, on: app.db).first { $0.user.email == "bob@example.test" })
            #expect(try await aliceBrowser.post(SiteRoute.removeMember(organization.id!, member: bobMember.id!).path).status == .seeOther)
            #expect(try await bob.get(SiteRoute.organizationMembers(organization.id!).path).status == .notFound)
            let api = try await app.testing().sendRequest(.GET, SiteRoute.api(.organizationMembers(organization.id!)).path, headers: ["Authorization": "Bearer \(bobToken)"])
            #expect(api.status == .notFound)
        }
    }
}

@Suite("The typed route enum")
struct RoutingTests {
    static let id = UUID()
    static let examples: [SiteRoute] = [
        .home, .health, .metrics, .signUp, .signIn, .signOut, .verifyEmail(token: "t"), .checkInbox, .console, .consolePage("products"), .profile,
        .profilePassword, .profileSupportCode, .profileEmail, .confirmSignInEmail(token: "t"), .sessions, .endSession(id), .endOtherSessions, .closeAccount, .accountClosed, .apiTokens, .revokeAPIToken(id), .organizations,
        .switchOrganization(id), .leaveOrganization(id), .organizationMembers(id), .changeMemberRole(id, member: id),
        .removeMember(id, member: id), .inviteMember(id), .revokeInvitation(id, invitation: id), .organizationSettings(id),
        .invitation(token: "t"), .acceptInvitation(token: "t"), .staffSignIn, .staffSignOut, .staffHome, .staffMembers,
        .staffMemberRole(id), .staffMemberDeactivate(id),
        .helpHome, .helpLanguageHome(language: "es"), .helpSearch(language: "es"), .helpCategory(language: "es", category: "c"),
        .helpArticle(language: "es", slug: "s"), .helpFeedback(language: "es", slug: "s"), .helpFeed(language: "es"), .helpSitemap,
        .staffHelp, .staffHelpNewArticle, .staffHelpArticle(id), .staffHelpPublish(id), .staffHelpUnpublish(id),
        .staffHelpRevisions(id), .staffHelpRevision(id, number: 1), .staffHelpRestore(id, number: 1), .staffHelpPreview,
        .staffHelpAnalytics, .staffHelpSynonyms, .staffHelpDeleteSynonym(id), .staffHelpDiscard(id),
        .signInSecondFactor, .signInBackupCode, .security, .securityAuthenticator, .securityBackupCodes,
        .securityDisableTwoFactor, .securityEvents, .securityRecoveryEmail, .confirmRecoveryEmail(token: "t"),
        .forgotPassword, .resetPassword(token: "t"), .staffLookup, .staffPremiumSupport(id),
        .grantSupportAccess(id), .revokeSupportAccess(id, grant: id), .staffGrants, .staffGrant(id), .staffGrantSettings(id),
        .newsletters, .unsubscribe(token: "t"), .staffNewsletters, .staffNewsletterSubscribers(id), .staffNewsletterSend(id),
        .signInSMS, .signInSMSSend, .identityCheck, .securityPhone, .securityPhoneConfirm, .securityPhoneRemove,
        .staffSignInSecondFactor, .staffTwoFactorSetup, .staffMemberResetTwoFactor(id), .staffIdentityChecks, .staffIdentityCheck(id),
        .staffIdentityDocument(id, side: "front"), .staffIdentityApprove(id), .staffIdentityReject(id),
        .api(.openAPI), .api(.accounts), .api(.sessions), .api(.currentSession), .api(.me), .api(.meSupportCode), .api(.mePassword),
        .api(.meSessions), .api(.meSession(id)), .api(.meTokens), .api(.meToken(id)), .api(.organizations), .api(.organization(id)),
        .api(.organizationMembership(id)), .api(.organizationMembers(id)), .api(.organizationMember(id, member: id)),
        .api(.organizationInvitations(id)), .api(.organizationInvitation(id, invitation: id)), .api(.invitationAcceptance(token: "t")),
        .api(.helpSearch), .api(.mePhone), .api(.mePhoneConfirmation), .api(.mePhoneRemoval), .api(.sessionSMSCode), .api(.sessionSMS), .api(.helpArticle(language: "es", slug: "s")),
        .api(.meTwoFactor), .api(.meBackupCodes), .api(.meTwoFactorDisable), .api(.meRecoveryEmail), .api(.meEmail), .api(.meClosure), .api(.passwordResets),
        .api(.meSecurityEvents), .api(.meNewsletters), .api(.organizationSupportGrants(id)), .api(.organizationSupportGrant(id, grant: id)),
        .organizationProducts(id), .organizationProduct(id, product: id), .organizationRenewalWarranty(id),
        .productRenewalWarranty(id, product: id), .renewals(id), .renewalSettings(id),
        .api(.organizationRenewals(id)), .api(.organizationRenewalSettings(id)),
        .site(id, site: id), .siteSettings(id, site: id), .siteVariables(id, site: id), .siteVariable(id, site: id, variable: id),
        .siteVariableDelete(id, site: id, variable: id), .productAccess(id, product: id), .productAccessRevoke(id, product: id, member: id),
        .staffGrantSite(id, site: id), .staffGrantSiteSettings(id, site: id), .staffGrantSiteVariables(id, site: id),
        .staffGrantSiteVariable(id, site: id, variable: id), .staffGrantSiteVariableDelete(id, site: id, variable: id),
        .api(.organizationSites(id)), .api(.organizationSite(id, site: id)), .api(.organizationSiteVariables(id, site: id)),
        .api(.organizationSiteVariable(id, site: id, variable: id)),
        .staffGrantProduct(id, product: id), .staffGrantProductSettings(id, product: id),
        .api(.organizationProducts(id)), .api(.organizationProduct(id, product: id)),
        .productBillingAddress(id, product: id), .billingAddresses(id), .billingAddressDefault(id, address: id), .billingAddressRemove(id, address: id),
        .api(.organizationBillingAddresses(id)), .api(.organizationBillingAddress(id, address: id)),
        .staffFailedMail, .staffFailedMailSendAgain(id), .api(.identityChecks), .signInUnlock(token: "t"),
        .invoices(id), .invoice(id, invoice: id), .invoicePDF(id, invoice: id), .api(.organizationInvoicePDF(id, invoice: id)), .invoicePayFromBalance(id, invoice: id), .prepaidAccount(id), .prepaidAccountSettings(id), .prepaidTopUpSlip(id, currency: "CHF"),
        .api(.organizationInvoices(id)), .api(.organizationInvoice(id, invoice: id)), .api(.organizationInvoicePayment(id, invoice: id)),
        .api(.organizationPrepaidAccount(id)), .api(.organizationBilling(id)), .api(.organizationReminders(id)),
        .staffBilling, .staffBillingImport, .staffBillingImportStatus(id), .api(.staffBankStatementImport(id)), .staffBillingAssign(id), .staffBillingRefund(id), .staffBillingReturnHandled(id), .staffBillingPrepaid, .staffBillingInvoice,
        .staffBillingRefundDone(id), .staffBillingRefundUndo(id), .staffBillingClose(id), .api(.staffRefundsToExecute), .api(.staffRefundExecuted(id)),
        .staffBillingStatementsNeverIssued, .api(.staffMissingStatements), .api(.staffMissingStatementsNeverIssued),
        .staffAPITokens, .staffRevokeAPIToken(id), .staffMemberReactivate(id), .staffPassword,
        .api(.staffInvoices), .api(.staffInvoiceCreditNotes(id)), .api(.staffBankStatements), .api(.staffUnidentifiedPayments), .api(.staffReturnsToCheck), .api(.staffReturnHandled(id)),
        .api(.staffUnidentifiedPaymentAssignment(id)), .api(.staffUnidentifiedPaymentRefund(id)), .api(.staffUnidentifiedPaymentClose(id)), .api(.staffReminderRuns),
        .newOrder(id), .orders(id), .order(id, order: id), .orderPayFromBalance(id, order: id), .orderCancel(id, order: id),
        .api(.organizationOrderCancel(id, order: id)),
        .api(.organizationCatalog(id)), .api(.organizationOrders(id)), .api(.organizationOrder(id, order: id)),
        .staffCatalog, .staffCatalogItem(id), .staffCatalogPrices(id), .staffCustomers, .staffCustomer(id), .staffCustomerProducts(id), .staffCustomerPayLater(id),
        .api(.staffCatalog), .api(.staffCatalogItem(id)), .api(.staffCatalogItemPrices(id)),
        .suiteSeats(id, product: id), .suiteSeatRemove(id, product: id, seat: id), .suiteUpgrade(id, product: id),
        .mailboxes(id, product: id), .mailboxRemove(id, product: id, mailbox: id), .productMove(id, product: id),
        .api(.organizationProductSeats(id, product: id)), .api(.organizationProductSeat(id, product: id, seat: id)),
        .api(.organizationProductUpgrades(id, product: id)), .api(.organizationProductMove(id, product: id)),
        .api(.organizationProductMailboxes(id, product: id)), .api(.organizationProductMailbox(id, product: id, mailbox: id)),
    ]

    @Test("every case is registered, and every registered route is a case")
    func roundTrip() async throws {
        try await withTestApp { app, _ in
            let registered = Set(app.routes.all.map { $0.path.map(\.description).joined(separator: "/") })
            let declared = Set(Self.examples.map { $0.pathComponents.map(\.description).joined(separator: "/") })
            #expect(declared.subtracting(registered).isEmpty, "declared but not registered: \(declared.subtracting(registered))")
            #expect(registered.subtracting(declared).isEmpty, "registered without a SiteRoute case: \(registered.subtracting(declared))")
        }
    }

    @Test("links fill the parameters into the pattern")
    func links() {
        #expect(SiteRoute.organizationMembers(Self.id).path == "/orgs/\(Self.id.uuidString)/members")
        #expect(SiteRoute.home.path == "/")
        #expect(SiteRoute.invitation(token: "a/b").path == "/invitations/a%2Fb")
        #expect(SiteRoute.signIn.url(base: URL(string: "https://console.example.ch/")!) == "https://console.example.ch/sign-in")
        for route in Self.examples {
            #expect(route.path.split(separator: "/").count == route.pathComponents.count)
        }
    }
}
