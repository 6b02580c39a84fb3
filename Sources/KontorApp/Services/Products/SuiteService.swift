import Fluent
import Foundation
import KontorDomain

/// A kSuite's seats (issue 13 §3): legal representatives and administrators give members of the organization a seat,
/// up to the plan's users. The seat count is checked under the suite's row lock (and SQLite's exclusive write
/// transactions), so two administrators taking the last seat at once leave exactly one holder; the unique
/// (suite, user) index answers the same person twice.
struct SuiteService {
    let db: any Database

    /// The kSuite of `organizationID` with this id; any other product, or another organization's, is a 404.
    func suite(_ id: UUID, in organizationID: UUID) async throws -> Product {
        let product = try await ProductService(db: db).product(id, in: organizationID)
        guard product.kind == .kSuite else { throw AppError.notFound }
        return product
    }

    /// The seats of a suite with their holders, oldest first.
    func seats(of productID: UUID) async throws -> [SuiteSeat] {
        try await SuiteSeat.query(on: db).filter(\.$product.$id == productID).with(\.$user).sort(\.$createdAt).sort(\.$id).all()
    }

    /// Gives the member (by membership id, of the suite's organization) a seat, unless the plan's seats are all taken.
    @discardableResult
    func assignSeat(of suite: Product, to memberID: UUID?, by actor: UUID, now: Date,
                    audit: @escaping @Sendable (any Database, User) async throws -> Void) async throws -> SuiteSeat {
        let suiteID = try suite.requireID()
        guard let memberID else { throw ValidationFailure([FieldError(field: "member", messageKey: "error.required")]) }
        do {
            return try await db.transaction { db in
                // The organization's lock, not only the suite's: leaving checks seats under it (`OrganizationService`),
                // so a seat is never given to someone leaving at that moment. It also makes the seat count take turns.
                try await db.lockForUpdate(Organization.self, id: suite.$organization.id)
                guard let member = try await Membership.query(on: db).filter(\.$id == memberID)
                    .filter(\.$organization.$id == suite.$organization.id).with(\.$user).first() else {
                    throw ValidationFailure([FieldError(field: "member", messageKey: "error.products.member_unknown")])
                }
                guard let current = try await Product.find(suiteID, on: db), let plan = current.suitePlan else {
                    throw AppError.conflict(messageKey: "error.suite.no_plan")
                }
                let taken = try await SuiteSeat.query(on: db).filter(\.$product.$id == suiteID).all()
                if taken.contains(where: { $0.$user.id == member.$user.id }) {
                    throw AppError.conflict(messageKey: "error.suite.already_seated")
                }
                guard plan.hasFreeSeat(taken: taken.count) else {
                    throw AppError.conflict(messageKey: "error.suite.seats_full", arguments: ["count": String(plan.users)])
                }
                let seat = SuiteSeat(productID: suiteID, userID: member.$user.id, assignedBy: actor, now: now)
                try await seat.create(on: db)
                try await audit(db, member.user)
                return seat
            }
        } catch where ConcurrentChange(error) == .conflict {
            // The same person seated by another request at the same moment (the unique index).
            throw AppError.conflict(messageKey: "error.suite.already_seated")
        }
    }

    /// Frees a seat; a seat already freed is a 404 like an unknown one.
    func removeSeat(_ seatID: UUID, of suite: Product, audit: @escaping @Sendable (any Database, User) async throws -> Void) async throws {
        let suiteID = try suite.requireID()
        try await db.transaction { db in
            guard let seat = try await SuiteSeat.query(on: db).filter(\.$id == seatID).filter(\.$product.$id == suiteID)
                .with(\.$user).first() else { throw AppError.notFound }
            // Removed by another request at the same moment: the same outcome, recorded once.
            guard try await db.deleteOnce(SuiteSeat.self, id: seat.requireID()) else { return }
            try await audit(db, seat.user)
        }
    }

    /// The users of `organizationID` holding a seat of one of its suites (what leaving checks).
    static func seatHolders(in organizationID: UUID, on db: any Database) async throws -> Set<UUID> {
        let suites = try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$kindRaw == ProductKind.kSuite.rawValue).all(\.$id)
        guard !suites.isEmpty else { return [] }
        return Set(try await SuiteSeat.query(on: db).filter(\.$product.$id ~~ suites).all(\.$user.$id))
    }
}
