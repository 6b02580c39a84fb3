import Fluent
import Foundation
import KontorDomain
import Vapor

/// The actions of a kSuite's page (its seats and plan), a mail service's page (its mailboxes) and moving a product;
/// the sections themselves are drawn on the product page (`ProductsController+Suite`). Legal representatives and
/// administrators change seats and mailboxes; moving takes a legal representative of both organizations.
struct SuitePagesController {
    struct SeatForm: Content { var member: UUID? }
    struct UpgradeForm: Content {
        var item: UUID?
        var idempotency_key: String?
    }
    struct MailboxForm: Content { var address: String? }
    struct MoveForm: Content { var organization: UUID? }

    func register(_ scoped: any RoutesBuilder) {
        scoped.post(.suiteSeats(SiteRoute.anyID, product: SiteRoute.anyID), use: assignSeat)
        scoped.post(.suiteSeatRemove(SiteRoute.anyID, product: SiteRoute.anyID, seat: SiteRoute.anyID), use: removeSeat)
        scoped.post(.suiteUpgrade(SiteRoute.anyID, product: SiteRoute.anyID), use: upgrade)
        scoped.post(.mailboxes(SiteRoute.anyID, product: SiteRoute.anyID), use: addMailbox)
        scoped.post(.mailboxRemove(SiteRoute.anyID, product: SiteRoute.anyID, mailbox: SiteRoute.anyID), use: removeMailbox)
        scoped.post(.productMove(SiteRoute.anyID, product: SiteRoute.anyID), use: move)
    }

    func assignSeat(_ request: Request) async throws -> Response {
        let (membership, suite) = try await managedSuite(request)
        let form = try request.content.decode(SeatForm.self)
        try await SuiteService(db: request.db).assignSeat(of: suite, to: form.member, by: membership.$user.id, now: request.now) { db, user in
            try await request.recordProductChange(GrantAction(action: "suite_seat_assigned", to: user.email, product: suite.name), on: db)
        }
        return request.redirect(to: .organizationProduct(membership.$organization.id, product: try suite.requireID()), notice: "suite_seat_assigned")
    }

    func removeSeat(_ request: Request) async throws -> Response {
        let (membership, suite) = try await managedSuite(request)
        try await SuiteService(db: request.db).removeSeat(try request.id("seatID"), of: suite) { db, user in
            try await request.recordProductChange(GrantAction(action: "suite_seat_removed", to: user.email, product: suite.name), on: db)
        }
        return request.redirect(to: .organizationProduct(membership.$organization.id, product: try suite.requireID()), notice: "suite_seat_removed")
    }

    func upgrade(_ request: Request) async throws -> Response {
        let (membership, suite) = try await managedSuite(request)
        let form = try request.content.decode(UpgradeForm.self)
        let upgraded = try await request.suiteUpgrades.upgrade(suite, to: form.item, key: form.idempotency_key, by: membership.$user.id, now: request.now)
        if !upgraded.isReplay {
            try await request.recordProductChange(GrantAction(action: "suite_upgraded", to: "\(upgraded.upgrade.toUsers) × \(upgraded.upgrade.toStorageGB) GB",
                                                              product: suite.name), on: request.db)
        }
        return request.redirect(to: .organizationProduct(membership.$organization.id, product: try suite.requireID()), notice: "suite_upgraded")
    }

    func addMailbox(_ request: Request) async throws -> Response {
        let (membership, service) = try await managedMailService(request)
        let form = try request.content.decode(MailboxForm.self)
        do {
            try await MailboxService(db: request.db).add(form.address, to: service, now: request.now) { db, address in
                try await request.recordProductChange(GrantAction(action: "mailbox_added", to: address, product: service.name), on: db)
            }
        } catch let failure as ValidationFailure {
            // The product page again, with the address as typed and the reason under it: never a bare error page.
            let error = failure.errors.first.map { request.t($0.messageKey, $0.arguments) } ?? request.t("error.validation_failed")
            return try await ProductsController().show(request, mailboxRefusal: (form.address ?? "", error))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        return request.redirect(to: .organizationProduct(membership.$organization.id, product: try service.requireID()), notice: "mailbox_added")
    }

    func removeMailbox(_ request: Request) async throws -> Response {
        let (membership, service) = try await managedMailService(request)
        try await MailboxService(db: request.db).remove(try request.id("mailboxID"), of: service) { db, address in
            try await request.recordProductChange(GrantAction(action: "mailbox_removed", to: address, product: service.name), on: db)
        }
        return request.redirect(to: .organizationProduct(membership.$organization.id, product: try service.requireID()), notice: "mailbox_removed")
    }

    func move(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: membership.$organization.id)
        let target = try request.content.decode(MoveForm.self).organization
        try await ProductMoves(db: request.db).move(product, to: target, by: membership, now: request.now) { db, organization, detail in
            try await request.record(.productMoved, user: membership.$user.id, organization: organization, detail: detail, on: db)
        }
        return request.redirect(to: .organizationProducts(membership.$organization.id), notice: "product_moved")
    }

    private func managedSuite(_ request: Request) async throws -> (Membership, Product) {
        let membership = try request.managingMembership()
        return (membership, try await SuiteService(db: request.db).suite(try request.id("productID"), in: membership.$organization.id))
    }

    private func managedMailService(_ request: Request) async throws -> (Membership, Product) {
        let membership = try request.managingMembership()
        return (membership, try await MailboxService(db: request.db).mailService(try request.id("productID"), in: membership.$organization.id))
    }
}

extension Request {
    var suiteUpgrades: SuiteUpgrades { application.suiteUpgrades }
}

extension Application {
    /// Upgrades issue their invoices through this server's issuer and queue, as orders do.
    var suiteUpgrades: SuiteUpgrades {
        SuiteUpgrades(db: db, issuer: invoiceIssuer, localizer: kontor.localizer, defaultLanguage: kontor.config.defaultLanguage)
    }
}
