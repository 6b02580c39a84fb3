import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/products/{productID}/seats`, `/upgrades`, `/mailboxes` and `/move`: the kSuite and
/// mail service pages and moving a product, as the console does them. Every member reads; legal representatives and
/// administrators change; moving takes a legal representative of both organizations. Behind `OrganizationScope`.
struct SuiteAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationProductSeats(SiteRoute.anyID, product: SiteRoute.anyID)), use: seats)
        scoped.post(.api(.organizationProductSeats(SiteRoute.anyID, product: SiteRoute.anyID)), use: assignSeat)
        scoped.on(.DELETE, .api(.organizationProductSeat(SiteRoute.anyID, product: SiteRoute.anyID, seat: SiteRoute.anyID)), use: removeSeat)
        scoped.get(.api(.organizationProductUpgrades(SiteRoute.anyID, product: SiteRoute.anyID)), use: upgradeOptions)
        scoped.post(.api(.organizationProductUpgrades(SiteRoute.anyID, product: SiteRoute.anyID)), use: upgrade)
        scoped.get(.api(.organizationProductMailboxes(SiteRoute.anyID, product: SiteRoute.anyID)), use: mailboxes)
        scoped.post(.api(.organizationProductMailboxes(SiteRoute.anyID, product: SiteRoute.anyID)), use: addMailbox)
        scoped.on(.DELETE, .api(.organizationProductMailbox(SiteRoute.anyID, product: SiteRoute.anyID, mailbox: SiteRoute.anyID)), use: removeMailbox)
        scoped.post(.api(.organizationProductMove(SiteRoute.anyID, product: SiteRoute.anyID)), use: move)
    }

    func seats(_ request: Request) async throws -> APIModels.SuiteSeats {
        let suite = try await SuiteService(db: request.db).suite(try request.id("productID"), in: try request.membership().$organization.id)
        let seats = try await SuiteService(db: request.db).seats(of: try suite.requireID())
        return .init(users: suite.suitePlan?.users, storageGB: suite.suitePlan?.storageGB, seats: seats.map(APIModels.seat))
    }

    func assignSeat(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let service = SuiteService(db: request.db)
        let suite = try await service.suite(try request.id("productID"), in: membership.$organization.id)
        let body = try request.content.decode(APIModels.SeatInput.self)
        let seat: SuiteSeat
        do {
            seat = try await service.assignSeat(of: suite, to: body.memberId, by: membership.$user.id, now: request.now) { db, user in
                try await request.recordProductChange(GrantAction(action: "suite_seat_assigned", to: user.email, product: suite.name), on: db)
            }
        } catch let failure as ValidationFailure { throw failure.renamingFields(["member": "memberId"]) }
        try await seat.$user.load(on: request.db)
        return try await APIModels.seat(seat).encodeResponse(status: .created, for: request)
    }

    func removeSeat(_ request: Request) async throws -> HTTPStatus {
        let membership = try request.managingMembership()
        let service = SuiteService(db: request.db)
        let suite = try await service.suite(try request.id("productID"), in: membership.$organization.id)
        try await service.removeSeat(try request.id("seatID"), of: suite) { db, user in
            try await request.recordProductChange(GrantAction(action: "suite_seat_removed", to: user.email, product: suite.name), on: db)
        }
        return .noContent
    }

    func upgradeOptions(_ request: Request) async throws -> APIModels.List<APIModels.UpgradeOption> {
        let suite = try await SuiteService(db: request.db).suite(try request.id("productID"), in: try request.membership().$organization.id)
        return .init(items: try await request.suiteUpgrades.options(for: suite, now: request.now).map {
            .init(itemId: $0.item.id!, name: $0.item.name, users: $0.plan.users, storageGB: $0.plan.storageGB, charge: .init($0.charge))
        })
    }

    /// 201 with the upgrade; the same idempotency key again answers the first one (200, `Idempotent-Replayed: true`).
    func upgrade(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let suite = try await SuiteService(db: request.db).suite(try request.id("productID"), in: membership.$organization.id)
        let body = try request.content.decode(APIModels.UpgradeInput.self)
        let key = request.headers.first(name: "Idempotency-Key") ?? body.idempotencyKey
        let upgraded: SuiteUpgrades.Upgraded
        do {
            upgraded = try await request.suiteUpgrades.upgrade(suite, to: body.itemId, key: key, by: membership.$user.id, now: request.now)
        } catch let failure as ValidationFailure { throw failure.renamingFields(["item": "itemId"]).inAPIWords }
        if !upgraded.isReplay {
            try await request.recordProductChange(GrantAction(action: "suite_upgraded", to: "\(upgraded.upgrade.toUsers) × \(upgraded.upgrade.toStorageGB) GB",
                                                              product: suite.name), on: request.db)
        }
        let response = try await APIModels.suiteUpgrade(upgraded.upgrade).encodeResponse(status: upgraded.isReplay ? .ok : .created, for: request)
        if upgraded.isReplay { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    func mailboxes(_ request: Request) async throws -> APIModels.List<APIModels.Mailbox> {
        let service = MailboxService(db: request.db)
        let product = try await service.mailService(try request.id("productID"), in: try request.membership().$organization.id)
        return .init(items: try await service.mailboxes(of: try product.requireID()).map { .init(id: $0.id!, address: $0.address, createdAt: $0.createdAt) })
    }

    func addMailbox(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let service = MailboxService(db: request.db)
        let product = try await service.mailService(try request.id("productID"), in: membership.$organization.id)
        let body = try request.content.decode(APIModels.MailboxInput.self)
        let mailbox = try await service.add(body.address, to: product, now: request.now) { db, address in
            try await request.recordProductChange(GrantAction(action: "mailbox_added", to: address, product: product.name), on: db)
        }
        return try await APIModels.Mailbox(id: mailbox.id!, address: mailbox.address, createdAt: mailbox.createdAt)
            .encodeResponse(status: .created, for: request)
    }

    func removeMailbox(_ request: Request) async throws -> HTTPStatus {
        let membership = try request.managingMembership()
        let service = MailboxService(db: request.db)
        let product = try await service.mailService(try request.id("productID"), in: membership.$organization.id)
        try await service.remove(try request.id("mailboxID"), of: product) { db, address in
            try await request.recordProductChange(GrantAction(action: "mailbox_removed", to: address, product: product.name), on: db)
        }
        return .noContent
    }

    /// 200 with the product as it now is in the other organization.
    func move(_ request: Request) async throws -> APIModels.Product {
        let membership = try request.membership()
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: membership.$organization.id)
        let body = try request.content.decode(APIModels.MoveInput.self)
        do {
            try await ProductMoves(db: request.db).move(product, to: body.organizationId, by: membership, now: request.now) { db, organization, detail in
                try await request.record(.productMoved, user: membership.$user.id, organization: organization, detail: detail, on: db)
            }
        } catch let failure as ValidationFailure { throw failure.renamingFields(["organization": "organizationId"]) }
        guard let moved = try await Product.find(try product.requireID(), on: request.db) else { throw AppError.notFound }
        return APIModels.product(moved)
    }
}
