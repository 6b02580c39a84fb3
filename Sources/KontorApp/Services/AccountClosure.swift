import Fluent
import Foundation
import KontorDomain
import Vapor

/// Closing one's own account (Keycloak's "Delete account"; GDPR's right to erasure): the customer leaves every
/// organization, every way in is removed (sessions, API tokens, second factors, remembered devices, e-mail links),
/// the personal data goes (name, addresses, phone, identity documents, newsletter subscriptions), and what the provider
/// must keep stays: the organizations' invoices and payments, and a security-log line saying the account was closed.
/// The account row itself stays, emptied, because the security log and the organizations' history point at it; its
/// sign-in address is freed, so the same person can open a new, empty account.
///
/// Nothing is closed while an organization would be left with members but no legal representative, or alone with
/// products, unpaid invoices or prepaid money (`AccountClosurePolicy`). Like switching 2FA off, it takes the current
/// password and, when 2FA is on, a session that passed it; never a personal API token.
struct AccountClosure {
    /// An organization that stops the closure, and why.
    struct Obstacle: Sendable {
        let organizationID: UUID
        let organizationName: String
        let refusals: [AccountClosureRefusal]
    }

    /// The 409 an organization's obstacle gives, which the page answers by showing the obstacles again.
    static let blocked = AppError.conflict(messageKey: "error.account_closure.blocked")

    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    /// What stops the closure now, organization by organization (empty: nothing does).
    func obstacles(for userID: UUID, on db: (any Database)? = nil) async throws -> [Obstacle] {
        let db = db ?? self.db
        let memberships = try await Membership.query(on: db).filter(\.$user.$id == userID).with(\.$organization).all()
        var obstacles: [Obstacle] = []
        for membership in memberships {
            let organizationID = membership.$organization.id
            let facts = try await OrganizationService(request: request).facts(for: organizationID, on: db)
            let refusals = AccountClosurePolicy.refusals(for: userID.uuidString, in: facts, holdings: try await holdings(of: organizationID, on: db))
            if !refusals.isEmpty {
                obstacles.append(Obstacle(organizationID: organizationID, organizationName: membership.organization.name, refusals: refusals))
            }
        }
        return obstacles.sorted { $0.organizationName.localizedCaseInsensitiveCompare($1.organizationName) == .orderedAscending }
    }

    /// Whether 2FA stands in the way of this caller: on (a confirmed factor; an enrolment left half-way is not), and
    /// the session did not pass it.
    func needsSecondFactor(_ identity: CustomerIdentity) async throws -> Bool {
        guard identity.session?.secondFactorAt == nil else { return false }
        return try await TwoFactorService(request: request).isEnabled(for: identity.userID)
    }

    /// Closes the caller's account, or says why not: the password (a field error), 2FA (refused), an organization
    /// (409 with every reason). Closing an account that a parallel request has just closed changes nothing more.
    func close(by identity: CustomerIdentity, password: String?, confirmed: Bool) async throws {
        try identity.requireSession("error.account_closure.not_with_personal_token")
        if try await needsSecondFactor(identity) { throw AppError.refused(messageKey: "error.account_closure.second_factor_needed") }
        var errors: [FieldError] = []
        if let error = try await request.currentPasswordError(password, of: identity.user) { errors.append(error) }
        if !confirmed { errors.append(FieldError(field: "confirm", messageKey: "error.account_closure.confirm")) }
        try ValidationFailure.check(errors)
        let userID = identity.userID
        try await db.transaction { db in
            // The user first, then the organizations in id order: membership changes lock the organization, so the
            // rules read below cannot change before the closure is written. The user's lock lets others add rows that
            // name her meanwhile (a support access she gives locks its organization first, then names her as giver):
            // it commits, and is ended below, instead of the two waiting for each other.
            // All her organizations are locked below: after any bulk billing job that may hold one (`BulkBillingLock`).
            try await BulkBillingLock.takeShared(on: db)
            try await db.lockForUpdateKeepingReferences(User.self, id: userID)
            guard let user = try await User.find(userID, on: db), user.disabledAt == nil else { return }
            let organizations = try await Membership.query(on: db).filter(\.$user.$id == userID).all().map(\.$organization.id)
            try await db.lockForUpdate(Organization.self, ids: organizations)
            let obstacles = try await obstacles(for: userID, on: db)
            guard obstacles.isEmpty else { throw Self.blocked }
            // The confirmation goes to the address in use, before it is removed.
            try await request.mail(user, subjectKey: "mail.account_closed.subject", paragraphs: ["mail.account_closed.body"], on: db)
            for organizationID in organizations {
                try await ProductGrants.revokeAll(user: userID, organization: organizationID, on: db)
                // Before the addresses are removed below: invoices stop going to the person's mailbox (probe round 4).
                try await OrganizationService(request: request).stopInvoiceMail(to: userID, in: organizationID, on: db)
                if try await SupportGrant.endGiven(by: userID, in: organizationID, now: request.now, on: db) > 0 {
                    try await request.record(.supportAccessRevoked, user: userID, organization: organizationID, detail: "ended with the account", on: db)
                }
                try await request.record(.organizationLeft, user: userID, organization: organizationID, on: db)
            }
            try await Membership.query(on: db).filter(\.$user.$id == userID).delete()
            // The invitations the person sent end with their memberships, as a removal ends them.
            try await Invitation.query(on: db).filter(\.$invitedBy.$id == userID).filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: now).update()
            try await removeWaysIn(of: userID, on: db)
            try await removePersonalData(of: user, on: db)
            try await request.record(.accountClosed, user: userID, on: db)
        }
    }

    private func holdings(of organizationID: UUID, on db: any Database) async throws -> OrganizationHoldings {
        let products = try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$statusRaw != ProductState.deleted.rawValue).count()
        let unpaid = try await Invoice.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$openMinor > 0).count()
        let balances = try await PrepaidLedger.balances(of: organizationID, on: db)
        return OrganizationHoldings(hasProducts: products > 0, hasOpenInvoices: unpaid > 0, hasPrepaidBalance: balances.contains { !$0.isZero })
    }

    /// Every session, token, factor, remembered device and e-mail link: nothing signs in as this account again.
    private func removeWaysIn(of userID: UUID, on db: any Database) async throws {
        try await SessionStore(database: db, config: request.kontor.config, now: now).endAll(userID: userID)
        try await APIToken.query(on: db).filter(\.$user.$id == userID).delete()
        try await EmailToken.query(on: db).filter(\.$user.$id == userID).delete()
        try await KnownDevice.query(on: db).filter(\.$user.$id == userID).delete()
        try await TwoFactorService.removeAllFactors(of: userID, on: db)
    }

    /// The person's data: name, addresses, newsletter subscriptions, identity documents. The row stays, emptied and
    /// disabled, under an address nobody can have (RFC 2606 `.invalid`), so the real one is free for a new account.
    private func removePersonalData(of user: User, on db: any Database) async throws {
        let userID = try user.requireID()
        try await NewsletterSubscription.query(on: db).filter(\.$user.$id == userID).delete()
        _ = try await IdentityVerificationService.closePending(of: userID, now: now, on: db)
        let requests = try await IdentityRequest.query(on: db).filter(\.$user.$id == userID).all(\.$id)
        if !requests.isEmpty { try await IdentityDocument.query(on: db).filter(\.$request.$id ~~ requests).delete() }
        user.name = ""
        user.email = "closed-\(userID.uuidString.lowercased())@closed.invalid"
        user.emailVerifiedAt = nil
        user.recoveryEmail = nil
        user.timeZone = nil
        user.lastOrganizationID = nil
        user.passwordHash = "closed"
        user.supportCode = try await AccountService(request: request).uniqueSupportCode(on: db)
        user.disabledAt = now
        try await user.save(on: db)
    }
}
