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

    /// The organization's domains: the names of its domain products, lower-cased.
    func domains(of organizationID: UUID) async throws -> Set<String> {
        Set(try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$kindRaw == ProductKind.domain.rawValue).all(\.$name).map { $0.lowercased() })
    }

    @discardableResult
    func add(_ rawAddress: String?, to service: Product, now: Date, audit: @escaping @Sendable (any Database, String) async throws -> Void) async throws -> Mailbox {
        let address = try MailboxAddress.validate(rawAddress, domains: try await domains(of: service.$organization.id)).validated().value
        let taken = ValidationFailure([FieldError(field: "address", messageKey: "error.mailboxes.taken")])
        if try await Mailbox.query(on: db).filter(\.$address == address).count() > 0 { throw taken }
        do {
            return try await db.transaction { db in
                // Leaving checks mailboxes under the organization's lock (`OrganizationService.leave`).
                try await db.lockForUpdate(Organization.self, id: service.$organization.id)
                let mailbox = Mailbox(productID: try service.requireID(), address: address, now: now)
                try await mailbox.create(on: db)
                try await audit(db, address)
                return mailbox
            }
        } catch where ConcurrentChange(error) == .conflict {
            throw taken   // the same address added elsewhere at the same moment
        }
    }

    func remove(_ mailboxID: UUID, of service: Product, audit: @escaping @Sendable (any Database, String) async throws -> Void) async throws {
        let serviceID = try service.requireID()
        try await db.transaction { db in
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
