import Fluent
import Foundation
import KontorDomain
import Vapor

/// A kSuite's page (its plan, seats and larger plans to move up to), a mail service's page (its mailboxes) and the
/// "move to another organization" card, drawn on the product page; the actions are `SuitePagesController`'s.
extension ProductsController {
    struct SuiteSection: Encodable {
        struct Seat: Encodable {
            let name: String
            let email: String
            let removeAction: String
        }
        struct Candidate: Encodable {
            let memberID: String
            let label: String
        }
        struct Upgrade: Encodable {
            let itemID: String
            let label: String
        }
        /// Text for the page's sentence ("5 users, 500 GB, 2 seats taken"); nil without a plan.
        let users: String?
        let storageGB: String?
        let seatsTaken: String
        let seats: [Seat]
        let candidates: [Candidate]
        let isFull: Bool
        let canManage: Bool
        let assignAction: String
        let upgrades: [Upgrade]
        let upgradeAction: String
        /// One key per rendered form: a double click upgrades once.
        let upgradeKey: String
    }
    struct MailSection: Encodable {
        struct Box: Encodable {
            let address: String
            let removeAction: String
        }
        let mailboxes: [Box]
        let domains: [String]
        let canManage: Bool
        let addAction: String
        let suiteName: String?
        /// After a refused address: what was typed, and why, under the field.
        var typedAddress: String? = nil
        var addressError: String? = nil
    }
    struct MoveSection: Encodable {
        struct Destination: Encodable {
            let id: String
            let name: String
        }
        /// Why this product cannot move (a kSuite, or bundled in one); nil when it can.
        let refusal: String?
        let destinations: [Destination]
        let action: String
    }

    func suiteSection(_ request: Request, _ suite: Product) async throws -> SuiteSection {
        let membership = try request.membership()
        let organizationID = membership.$organization.id, suiteID = try suite.requireID()
        let seats = try await SuiteService(db: request.db).seats(of: suiteID)
        let canManage = membership.role.canManageOrganization
        let members = canManage ? try await Membership.members(of: organizationID, on: request.db) : []
        let seated = Set(seats.map { $0.$user.id })
        let options = canManage ? try await request.suiteUpgrades.options(for: suite, now: request.now) : []
        let plan = suite.suitePlan
        return SuiteSection(
            users: plan.map { String($0.users) }, storageGB: plan.map { String($0.storageGB) }, seatsTaken: String(seats.count),
            seats: seats.map { .init(name: $0.user.name, email: $0.user.email,
                                     removeAction: SiteRoute.suiteSeatRemove(organizationID, product: suiteID, seat: $0.id!).path) },
            candidates: members.filter { !seated.contains($0.$user.id) }.map { .init(memberID: $0.id!.uuidString, label: "\($0.user.name) <\($0.user.email)>") },
            isFull: !(plan?.hasFreeSeat(taken: seats.count) ?? false), canManage: canManage,
            assignAction: SiteRoute.suiteSeats(organizationID, product: suiteID).path,
            upgrades: options.map { option in
                .init(itemID: option.item.id!.uuidString, label: request.t("suite.upgrade.option", [
                    "item": option.item.name, "users": String(option.plan.users), "storage": String(option.plan.storageGB),
                    "charge": MoneyFormatting.format(option.charge, request.language),
                ]))
            },
            upgradeAction: SiteRoute.suiteUpgrade(organizationID, product: suiteID).path, upgradeKey: UUID().uuidString)
    }

    func mailSection(_ request: Request, _ service: Product) async throws -> MailSection {
        let membership = try request.membership()
        let organizationID = membership.$organization.id, serviceID = try service.requireID()
        let mailboxes = MailboxService(db: request.db)
        let suite = try await service.$bundledIn.get(on: request.db)
        return MailSection(
            mailboxes: try await mailboxes.mailboxes(of: serviceID).map {
                .init(address: $0.address, removeAction: SiteRoute.mailboxRemove(organizationID, product: serviceID, mailbox: $0.id!).path)
            },
            domains: try await mailboxes.domains(of: organizationID).sorted(), canManage: membership.role.canManageOrganization,
            addAction: SiteRoute.mailboxes(organizationID, product: serviceID).path, suiteName: suite?.name)
    }

    /// Only for legal representatives: where the product may go, or why it stays.
    func moveSection(_ request: Request, _ product: Product) async throws -> MoveSection? {
        let membership = try request.membership()
        guard membership.role == .legalRepresentative else { return nil }
        let refusal = ProductMoveRule.refusal(kind: product.kind, isBundled: product.isBundledInSuite, from: "", to: "-")
        let destinations = try await ProductMoves(db: request.db).destinations(for: membership)
        return MoveSection(refusal: refusal.map { request.t($0.rawValue) },
                           destinations: destinations.map { .init(id: $0.id!.uuidString, name: $0.name) },
                           action: SiteRoute.productMove(membership.$organization.id, product: try product.requireID()).path)
    }
}
