import Fluent
import Foundation
import KontorDomain
import Vapor

/// Organization rules shared by the pages and the JSON API. Every method takes the caller's membership,
/// found by `OrganizationScope`, so nothing here can reach an organization the caller does not belong to.
struct OrganizationService {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    /// The organization made at sign-up without an invitation: named after the user, who is its legal representative.
    func createOwnOrganization(for user: User, on db: any Database) async throws {
        _ = try await Self.found(named: user.name, by: try user.requireID(), now: now, on: db)
    }

    /// An organization with its customer number and `userID` as its legal representative: sign-up's and the page's.
    private static func found(named name: String, by userID: UUID, now: Date, on db: any Database) async throws -> Organization {
        let organization = Organization(name: name, createdAt: now)
        organization.customerNumber = try await BillingCounters.next("customer_number", on: db)
        try await organization.create(on: db)
        try await Membership(organizationID: organization.requireID(), userID: userID, role: .legalRepresentative, createdAt: now).create(on: db)
        return organization
    }

    /// A new organization the signed-in customer sets up, as its legal representative: for a second company, or after
    /// leaving the last one (the seed: everyone "forma parte de al menos una Organización"). At most
    /// `maximumOwnOrganizations` made this way per person, so a script cannot fill the customer numbers.
    /// Inside `db`'s transaction when given (the page's form, keyed so that a double click creates one).
    func createOrganization(named rawName: String?, by identity: CustomerIdentity, on given: (any Database)? = nil) async throws -> Organization {
        let name = try DisplayName.parse(rawName).validated()
        return try await (given ?? db).transaction { db in
            // The user's row lock: two set-ups at once (two tabs, two API calls) count each other against the limit.
            try await db.lockForUpdate(User.self, id: identity.userID)
            let led = try await Membership.query(on: db).filter(\.$user.$id == identity.userID)
                .filter(\.$roleValue == OrganizationRole.legalRepresentative.rawValue).count()
            guard led < Self.maximumOwnOrganizations else { throw AppError.conflict(messageKey: "error.organizations.too_many") }
            let organization = try await Self.found(named: name.value, by: identity.userID, now: now, on: db)
            try await request.record(.organizationCreated, user: identity.userID, organization: organization.id, detail: name.value, on: db)
            return organization
        }
    }

    static let maximumOwnOrganizations = 20

    /// What the membership policies need about one organization.
    func facts(for organizationID: UUID, on db: (any Database)? = nil) async throws -> MembershipFacts {
        let db = db ?? self.db
        let members = try await Membership.query(on: db).filter(\.$organization.$id == organizationID).with(\.$user).all()
        let seats = try await SuiteService.seatHolders(in: organizationID, on: db)
        let mailboxes = try await MailboxService.addresses(in: organizationID, on: db)
        return MembershipFacts(
            roles: Dictionary(uniqueKeysWithValues: members.map { ($0.$user.id.uuidString, $0.role) }),
            officeSuiteSeatHolders: Set(members.filter { seats.contains($0.$user.id) }.map { $0.$user.id.uuidString }),
            mailServiceAddressHolders: Set(members.filter { mailboxes.contains($0.user.email.lowercased()) }.map { $0.$user.id.uuidString }))
    }

    /// Leaves an organization, unless the leaving policy refuses (seed: last legal representative, office suite, mailbox).
    ///
    /// Membership changes (leaving, removing, changing a role) and seat and mailbox changes take the organization's
    /// row lock first: the rules read every member's role, seat and mailbox, so two legal representatives stepping
    /// down at once must take turns, or each would see the other stay and both would go (write skew).
    func leave(_ membership: Membership) async throws {
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: membership.$organization.id)
            // Left already, from another tab: the same outcome, recorded once.
            guard try await Membership.find(membership.requireID(), on: db) != nil else { return }
            let facts = try await facts(for: membership.$organization.id, on: db)
            if let refusal = LeavingPolicy().refusal(for: membership.$user.id.uuidString, in: facts) {
                throw AppError.membershipRefused(refusal)
            }
            try await membership.delete(on: db)
            try await ProductGrants.revokeAll(user: membership.$user.id, organization: membership.$organization.id, on: db)
            try await endSupportGrants(givenBy: membership.$user.id, in: membership.$organization.id, actor: membership.$user.id, on: db)
            try await revokeInvitations(sentBy: membership.$user.id, in: membership.$organization.id, on: db)
            try await stopInvoiceMail(to: membership.$user.id, in: membership.$organization.id, on: db)
            try await request.record(.organizationLeft, user: membership.$user.id, organization: membership.$organization.id, on: db)
        }
    }

    /// Removes another member; takes effect on their very next request (membership is checked on every request).
    func remove(memberID: UUID, by actor: Membership) async throws {
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: actor.$organization.id)
            let target = try await member(memberID, of: actor, on: db)
            let facts = try await facts(for: actor.$organization.id, on: db)
            if let refusal = MemberManagementPolicy().refusalToRemove(target.$user.id.uuidString, by: actor.$user.id.uuidString, in: facts) {
                throw AppError.membershipRefused(refusal)
            }
            try await target.delete(on: db)
            try await ProductGrants.revokeAll(user: target.$user.id, organization: actor.$organization.id, on: db)
            try await endSupportGrants(givenBy: target.$user.id, in: actor.$organization.id, actor: actor.$user.id, on: db)
            try await revokeInvitations(sentBy: target.$user.id, in: actor.$organization.id, on: db)
            try await stopInvoiceMail(to: target.$user.id, in: actor.$organization.id, on: db)
            // A removed member's kSuite seat is free again (leaving by oneself is refused while holding one).
            let suites = try await Product.query(on: db).filter(\.$organization.$id == actor.$organization.id)
                .filter(\.$kindRaw == ProductKind.kSuite.rawValue).all(\.$id)
            if !suites.isEmpty { try await SuiteSeat.query(on: db).filter(\.$user.$id == target.$user.id).filter(\.$product.$id ~~ suites).delete() }
            try await request.record(.memberRemoved, user: actor.$user.id, organization: actor.$organization.id, detail: target.$user.id.uuidString, on: db)
        }
    }

    /// Changes a member's role; the organization always keeps a legal representative.
    func changeRole(memberID: UUID, to rawRole: String?, by actor: Membership) async throws {
        let role = try OrganizationRole.parse(rawRole).validated()
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: actor.$organization.id)
            let target = try await member(memberID, of: actor, on: db)
            let facts = try await facts(for: actor.$organization.id, on: db)
            if let refusal = MemberManagementPolicy().refusalToChangeRole(
                of: target.$user.id.uuidString, to: role, by: actor.$user.id.uuidString, in: facts) {
                throw AppError.membershipRefused(refusal)
            }
            target.role = role
            try await target.save(on: db)
            if !role.canManageOrganization {
                try await endSupportGrants(givenBy: target.$user.id, in: actor.$organization.id, actor: actor.$user.id, on: db)
            } else {
                // A manager needs no access to single products: a grant kept would come back unasked on a later demotion.
                try await ProductGrants.revokeAll(user: target.$user.id, organization: actor.$organization.id, on: db)
            }
            try await revokeInvitations(sentBy: target.$user.id, in: actor.$organization.id, on: db)
            try await request.record(.roleChanged, user: actor.$user.id, organization: actor.$organization.id,
                                     detail: "\(target.$user.id.uuidString) → \(role.rawValue)", on: db)
        }
    }

    /// Ends the support grants a member gave once they may no longer give one, recorded for whoever made the change.
    private func endSupportGrants(givenBy userID: UUID, in organizationID: UUID, actor: UUID, on db: any Database) async throws {
        let ended = try await SupportGrant.endGiven(by: userID, in: organizationID, now: now, on: db)
        if ended > 0 {
            try await request.record(.supportAccessRevoked, user: actor, organization: organizationID,
                                     detail: "\(ended) grant(s) given by \(userID.uuidString), who may no longer grant", on: db)
        }
    }

    /// A billing address whose invoice e-mail is the sign-in or recovery address of a member who is gone stops sending
    /// the organization's invoices there: they go to its legal representatives again, as for an address without one,
    /// and the organization's security log says so. A removed administrator kept receiving every invoice and its PDF
    /// (security probe). So does one the member typed (`invoiceEmailSetBy`): an address she had moved away from, or an
    /// alias, had kept them coming (security probe round 9). Leaving, being removed and closing the account all end here.
    func stopInvoiceMail(to userID: UUID, in organizationID: UUID, on db: any Database) async throws {
        guard let user = try await User.find(userID, on: db) else { return }
        let theirs = Set([user.email, user.recoveryEmail].compactMap { $0?.lowercased() })
        let addresses = try await BillingAddress.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$invoiceEmail != nil).all()
        for address in addresses where theirs.contains(address.invoiceEmail?.lowercased() ?? "") || address.invoiceEmailSetBy == userID {
            let cleared = address.invoiceEmail ?? ""
            address.invoiceEmail = nil
            try await address.save(on: db)
            // The organization's event (no user): every manager reads it, also when the one who left did it herself.
            try await request.record(.invoiceEmailCleared, organization: organizationID, detail: cleared, on: db)
        }
    }

    /// Revokes the pending invitations a member sent that their role, as it is now (none, once they are gone), could no
    /// longer send: an invitation stands for its sender's right to add someone, and that right ends with the role.
    private func revokeInvitations(sentBy userID: UUID, in organizationID: UUID, on db: any Database) async throws {
        let pending = try await Invitation.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$invitedBy.$id == userID)
            .filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil).all()
        guard !pending.isEmpty else { return }
        let facts = try await facts(for: organizationID, on: db)
        let ended = pending.filter { MemberManagementPolicy().refusalToInvite(as: $0.role, by: userID.uuidString, in: facts) != nil }.compactMap(\.id)
        guard !ended.isEmpty else { return }
        try await Invitation.query(on: db).filter(\.$id ~~ ended).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
    }

    /// A member of the actor's organization, by membership id; 404 for anything else.
    func member(_ memberID: UUID, of actor: Membership, on db: any Database) async throws -> Membership {
        guard let target = try await Membership.query(on: db).filter(\.$id == memberID)
                .filter(\.$organization.$id == actor.$organization.id).first() else { throw AppError.notFound }
        return target
    }

    /// Invites an address to the organization by e-mail, with a single-use link valid for seven days.
    @discardableResult
    func invite(email rawEmail: String?, role rawRole: String?, by actor: Membership, inviter: User) async throws -> Invitation {
        var errors: [FieldError] = []
        let email = EmailAddress.parse(rawEmail)
        let role = OrganizationRole.parse(rawRole ?? OrganizationRole.user.rawValue)
        if case .failure(let error) = email { errors.append(error) }
        if case .failure(let error) = role { errors.append(error) }
        try ValidationFailure.check(errors)
        let address = try email.get().value
        let facts = try await facts(for: actor.$organization.id)
        if let refusal = MemberManagementPolicy().refusalToInvite(as: try role.get(), by: actor.$user.id.uuidString, in: facts) {
            throw AppError.membershipRefused(refusal)
        }
        if let existing = try await User.find(email: address, on: db), facts.roles[existing.id!.uuidString] != nil {
            throw ValidationFailure([FieldError(field: "email", messageKey: "error.invitation.already_member")])
        }
        if case .limited(let retry) = try await request.rateLimiter.hit("invite:\(actor.$organization.id)", limit: ThrottlePolicy.invitationsPerOrganization) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        // Counted per inviting account, whichever of its organizations invites: counted per address alone, any stranger
        // could use up an address's allowance and keep its real employer from inviting it for a day (security probe
        // round 10).
        if case .limited(let retry) = try await request.rateLimiter.hit("invite-to:\(actor.$user.id):" + SecretToken.hash(address),
                                                                         limit: ThrottlePolicy.invitationsPerRecipient) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        let organization = try await actor.$organization.get(on: db)
        let token = SecretToken.generate()
        let invitation = Invitation()
        invitation.$organization.id = organization.id!
        invitation.email = address
        invitation.roleValue = try role.get().rawValue
        invitation.tokenHash = SecretToken.hash(token)
        invitation.$invitedBy.id = inviter.id!
        invitation.createdAt = now
        invitation.expiresAt = now.addingTimeInterval(Invitation.lifetime)
        let recipientLanguage = try await User.find(email: address, on: db).flatMap { Language(rawValue: $0.language) } ?? request.language
        let mail = request.mailComposer.compose(
            language: recipientLanguage, subjectKey: "mail.invitation.subject",
            paragraphs: ["mail.greeting.anonymous", "mail.invitation.body", "mail.invitation.expiry"],
            action: (request.kontor.localizer.text("mail.invitation.action", recipientLanguage),
                     SiteRoute.invitation(token: token).url(base: request.kontor.config.publicURL)),
            arguments: ["inviter": inviter.name, "organization": organization.name])
        try await db.transaction { db in
            // Checked again under the organization's lock, which removing a member or changing a role takes: an invitation
            // sent while its sender is being removed or demoted is either refused here or revoked by that change.
            try await db.lockForUpdate(Organization.self, id: organization.id!)
            let current = try await self.facts(for: organization.id!, on: db)
            if let refusal = MemberManagementPolicy().refusalToInvite(as: try role.get(), by: actor.$user.id.uuidString, in: current) {
                throw AppError.membershipRefused(refusal)
            }
            // A newer invitation to the same address replaces the older one.
            try await Invitation.query(on: db).filter(\.$organization.$id == organization.id!).filter(\.$email == address)
                .filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
            try await invitation.create(on: db)
            try await Outbox(database: db, now: now).enqueue(to: address, subject: mail.subject, text: mail.text, html: mail.html)
            try await request.record(.invitationSent, user: inviter.id, organization: organization.id, detail: address, on: db)
        }
        return invitation
    }

    /// Pending invitations of the organization.
    func pendingInvitations(of organizationID: UUID) async throws -> [Invitation] {
        try await Invitation.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil).filter(\.$expiresAt > now)
            .sort(\.$createdAt, .descending).all()
    }

    func revokeInvitation(_ invitationID: UUID, by actor: Membership) async throws {
        guard actor.role.canManageOrganization else { throw AppError.membershipRefused(.notPermitted) }
        guard let invitation = try await Invitation.query(on: db).filter(\.$id == invitationID)
                .filter(\.$organization.$id == actor.$organization.id).first() else { throw AppError.notFound }
        invitation.revokedAt = now
        try await invitation.save(on: db)
    }

    /// The usable invitation behind a link; unknown, used, revoked and expired links are all "no longer valid".
    func invitation(token: String, on database: (any Database)? = nil) async throws -> Invitation {
        guard let invitation = try await Invitation.query(on: database ?? db).filter(\.$tokenHash == SecretToken.hash(token))
                .with(\.$organization).with(\.$invitedBy).first(), invitation.isUsable(at: now) else {
            throw AppError.invitationUnusable
        }
        return invitation
    }

    /// A signed-in user joins through an invitation addressed to them. The link sent again by the person it made a
    /// member (a double click on "join", a reload) answers with that membership: the first copy joined, and the
    /// second was told the link was no longer valid (or, on PostgreSQL, met the first's membership: a conflict page).
    func accept(token: String, as user: User) async throws -> Membership {
        do {
            return try await db.transaction { db in
                let invitation = try await invitation(token: token, on: db)
                guard invitation.email == user.email else { throw AppError.invitationForAnotherAddress }
                return try await join(invitation, user: user, on: db)
            }
        } catch let error {
            let isUsedLink = if case .invitationUnusable? = error as? AppError { true } else { false }
            guard isUsedLink || ConcurrentChange(error) == .conflict, let invitation = try await acceptedInvitation(token),
                  let membership = try await membership(joinedThrough: invitation, by: user) else { throw error }
            return membership
        }
    }

    /// The invitation behind a link, once it was accepted.
    private func acceptedInvitation(_ token: String) async throws -> Invitation? {
        try await Invitation.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$acceptedAt != nil).first()
    }

    /// The membership an accepted invitation made for `user`, while it lasts.
    private func membership(joinedThrough invitation: Invitation, by user: User) async throws -> Membership? {
        guard invitation.email == user.email, let userID = user.id else { return nil }
        return try await Membership.find(user: userID, organization: invitation.$organization.id, on: db)
    }

    /// A new person signs up straight into the inviting organization; no organization of their own is made.
    /// The link proves they read mail at the invited address, so the address counts as confirmed.
    ///
    /// The form sent again by the person it made (a double click, a resend after a timeout, a second tab) signs them in
    /// as the first copy did, instead of saying the link is used or the account exists: see `signUpSentAgain`.
    func signUpThroughInvitation(token: String, input: SignUpInput, deviceToken: String?) async throws -> (User, Membership) {
        do {
            return try await signUp(token: token, input: input)
        } catch let error {
            let mayBeSentAgain = switch error as? AppError {
            case .invitationUnusable?: true
            case .conflict(let key, _)?: key == Self.accountExists
            default: ConcurrentChange(error) == .conflict
            }
            guard mayBeSentAgain, let joined = try await signUpSentAgain(token: token, input: input, deviceToken: deviceToken) else { throw error }
            return joined
        }
    }

    private static let accountExists = "error.invitation.sign_in_instead"

    /// How long after an invitation was used its sign-up form, sent again, still signs its person in.
    static let signUpResendWindow: TimeInterval = 10 * 60

    /// The account and membership an earlier copy of this sign-up made, when this copy carries that account's
    /// password; nil otherwise (another password, a link used long ago or by someone else). The password is checked
    /// by the sign-in itself, so it counts toward the sign-in throttle and the security log: a used link is a
    /// sign-in form for its one address, never a way around the limits.
    private func signUpSentAgain(token: String, input: SignUpInput, deviceToken: String?) async throws -> (User, Membership)? {
        guard let invitation = try await acceptedInvitation(token),
              let acceptedAt = invitation.acceptedAt, now.timeIntervalSince(acceptedAt) < Self.signUpResendWindow,
              let password = input.password, !password.isEmpty,
              // Only where the link made its membership (and it lasts): otherwise nothing is to be answered, and no
              // sign-in is tried or logged.
              let account = try await User.find(email: invitation.email, on: db),
              let membership = try await membership(joinedThrough: invitation, by: account) else { return nil }
        let user: User
        do {
            user = try await AccountService(request: request).signIn(email: invitation.email, password: password, deviceToken: deviceToken)
        } catch AppError.invalidCredentials {
            return nil
        }
        return (user, membership)
    }

    private func signUp(token: String, input: SignUpInput) async throws -> (User, Membership) {
        let invitation = try await invitation(token: token)
        let accounts = AccountService(request: request)
        let inviting = try await Organization.find(invitation.$organization.id, on: db)?.name
        let (name, _, language, password) = try accounts.validateNewAccount(input, email: EmailAddress(invitation.email)!, organizations: inviting.map { [$0] } ?? [])
        let passwordHash = try await request.kontor.hasher.hash(password)
        return try await db.transaction { db in
            let user: User
            if let existing = try await User.find(email: invitation.email, on: db) {
                guard !existing.isEmailVerified else { throw AppError.conflict(messageKey: Self.accountExists) }
                user = existing
                user.name = name.value
                user.language = language.rawValue
                user.passwordHash = passwordHash
                user.emailVerifiedAt = now
                try await user.save(on: db)
            } else {
                user = User(name: name.value, email: invitation.email, passwordHash: passwordHash, language: language.rawValue,
                            supportCode: try await accounts.uniqueSupportCode(on: db), createdAt: now)
                user.emailVerifiedAt = now
                try await user.create(on: db)
                try await request.record(.signUp, user: user.id, organization: invitation.$organization.id, detail: "invitation", on: db)
            }
            return (user, try await join(invitation, user: user, on: db))
        }
    }

    private func join(_ invitation: Invitation, user: User, on db: any Database) async throws -> Membership {
        // An account being closed at this moment joins nothing: the closure holds this lock while it reads the
        // memberships it ends, so a membership made meanwhile would outlive the account.
        try await db.lockForUpdateKeepingReferences(User.self, id: user.requireID())
        guard let current = try await User.find(user.requireID(), on: db), current.disabledAt == nil else { throw AppError.unauthenticated }
        // Under the organization's lock, which removing a member or changing a role takes: an invitation revoked with its
        // sender's role meanwhile, or whose sender may no longer give this role, adds no one.
        try await db.lockForUpdate(Organization.self, id: invitation.$organization.id)
        guard let fresh = try await Invitation.query(on: db).filter(\.$id == invitation.requireID()).first(),
              fresh.revokedAt == nil, fresh.acceptedAt == nil else { throw AppError.invitationUnusable }
        let facts = try await facts(for: invitation.$organization.id, on: db)
        if MemberManagementPolicy().refusalToInvite(as: invitation.role, by: invitation.$invitedBy.id.uuidString, in: facts) != nil {
            throw AppError.invitationUnusable
        }
        // The unique (organization, user) index keeps a link opened twice at once from joining twice.
        invitation.acceptedAt = now
        try await invitation.save(on: db)
        if let existing = try await Membership.find(user: user.id!, organization: invitation.$organization.id, on: db) {
            return existing
        }
        let membership = Membership(organizationID: invitation.$organization.id, userID: user.id!, role: invitation.role, createdAt: now)
        try await membership.create(on: db)
        try await request.record(.invitationAccepted, user: user.id, organization: invitation.$organization.id, on: db)
        return membership
    }
}
