import Fluent
import Foundation
import KontorDomain

/// Products bundled in a kSuite (its mail service) live and die with it (issue 13 §3: they "cannot be moved or
/// cancelled on their own"): they are never renewed or invoiced on their own — the suite's invoice pays for them —
/// and every change of the suite's period or state is copied to them in the same transaction.
enum BundledProducts {
    /// Gives the suite's bundled products its expiry, state and suspension.
    static func follow(_ suite: Product, on db: any Database) async throws {
        try await Product.query(on: db).filter(\.$bundledIn.$id == suite.requireID())
            .set(\.$renewsAt, to: suite.renewsAt).set(\.$statusRaw, to: suite.statusRaw)
            .set(\.$suspensionReasonRaw, to: suite.suspensionReasonRaw).set(\.$stateChangedAt, to: suite.stateChangedAt)
            .set(\.$activatedAt, to: suite.activatedAt).set(\.$renewalAnchorDay, to: suite.renewalAnchorDay).update()
    }

    /// The mail service a new kSuite comes with, waiting with the suite for its first payment.
    static func create(for suite: Product, on db: any Database) async throws {
        let mail = Product(organizationID: suite.$organization.id, kind: .mailService, name: suite.name + " Mail",
                           renewsAt: suite.renewsAt, createdAt: suite.createdAt, renewalWarranty: suite.renewalWarranty)
        mail.$bundledIn.id = try suite.requireID()
        mail.statusRaw = suite.statusRaw
        mail.activatedAt = suite.activatedAt
        mail.renewalAnchorDay = suite.renewalAnchorDay
        mail.periodMonths = suite.periodMonths
        mail.$billingAddress.id = suite.$billingAddress.id
        try await mail.create(on: db)
    }
}
