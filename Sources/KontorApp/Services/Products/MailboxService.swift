import Fluent
import Foundation
import KontorDomain

/// A mail service's mailboxes (issue 13 §4): addresses on the organization's own domains (its domain products),
/// added and removed by legal representatives and administrators. An address exists once across Kontor.
struct MailboxService {
    let db: any Database

    /// The mail service of `organizationID` with this id; any other product is a 404.
    func mailService(_ id: UUID, in organizationID: UUID) async throws -> Product {
        let product = try await ProductService(db: db).product(id, in: organizationID)
        guard product.kind == .mailService else { throw AppError.notFound }
        return product
    }

    func mailboxes(of productID: UUID) async throws -> [Mailbox] {
        try await Mailbox.query(on: db).filter(\.$product.$id == productID).sort(\.$address).all()
    }

    /// The organization's domains: the names of its domain products that run (active, in grace or suspended),
    /// lower-cased. A domain only ordered (its invoice unpaid) or deleted is not the organization's to give addresses on.
    func domains(of organizationID: UUID) async throws -> Set<String> {
        Set(try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$kindRaw == ProductKind.domain.rawValue)
            .filter(\.$statusRaw ~~ [ProductState.active, .grace, .suspended].map(\.rawValue)).all(\.$name).map { MailboxAddress.domainKey($0) })
    }

    /// Adds a mailbox to `service` as its organization holds it now: under the organization's lock, which leaving
    /// (`OrganizationService.leave`) and moving a product (`ProductMoves`, both organizations) take, the mail service
    /// is read again in that organization (gone: 404) and the address checked against the domains it has now.
    @discardableResult
    func add(_ rawAddress: String?, to service: Product, now: Date, audit: @escaping @Sendable (any Database, String) async throws -> Void) async throws -> Mailbox {
        let organizationID = service.$organization.id, serviceID = try service.requireID()
        let taken = ValidationFailure([FieldError(field: "address", messageKey: "error.mailboxes.taken")])
        do {
            return try await db.transaction { db in
                try await db.lockForUpdate(Organization.self, id: organizationID)
                _ = try await MailboxService(db: db).mailService(serviceID, in: organizationID)
                let address = try MailboxAddress.validate(rawAddress, domains: try await MailboxService(db: db).domains(of: organizationID)).validated().value
                if try await Mailbox.query(on: db).filter(\.$address == address).count() > 0 { throw taken }
                let mailbox = Mailbox(productID: serviceID, address: address, now: now)
                try await mailbox.create(on: db)
                try await audit(db, address)
                return mailbox
            }
        } catch where ConcurrentChange(error) == .conflict {
            throw taken   // the same address added elsewhere at the same moment
        }
    }

    /// Removes a mailbox of `service`, read again in its organization under that organization's lock, as `add` does.
    func remove(_ mailboxID: UUID, of service: Product, audit: @escaping @Sendable (any Database, String) async throws -> Void) async throws {
        let organizationID = service.$organization.id, serviceID = try service.requireID()
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: organizationID)
            _ = try await MailboxService(db: db).mailService(serviceID, in: organizationID)
            guard let mailbox = try await Mailbox.query(on: db).filter(\.$id == mailboxID).filter(\.$product.$id == serviceID).first() else {
                throw AppError.notFound
            }
            try await mailbox.delete(on: db)
            try await audit(db, mailbox.address)
        }
    }

    /// Every mailbox address of the organization's mail services (what leaving checks against sign-in addresses).
    static func addresses(in organizationID: UUID, on db: any Database) async throws -> Set<String> {
        let services = try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$kindRaw == ProductKind.mailService.rawValue).all(\.$id)
        guard !services.isEmpty else { return [] }
        return Set(try await Mailbox.query(on: db).filter(\.$product.$id ~~ services).all(\.$address))
    }
}
