import Fluent
import KontorDomain
import Vapor

/// `/api/v1/organizations`: my organizations, members, roles, invitations, leaving.
struct OrganizationsAPIController {
    func register(customer routes: any RoutesBuilder, organization scoped: any RoutesBuilder) {
        routes.get(.api(.organizations), use: list)
        routes.post(.api(.organizations), use: create)
        routes.post(.api(.invitationAcceptance(token: "")), use: acceptInvitation)
        scoped.get(.api(.organization(SiteRoute.anyID)), use: show)
        scoped.on(.DELETE, .api(.organizationMembership(SiteRoute.anyID)), use: leave)
        scoped.get(.api(.organizationMembers(SiteRoute.anyID)), use: members)
        scoped.on(.PATCH, .api(.organizationMember(SiteRoute.anyID, member: SiteRoute.anyID)), use: changeRole)
        scoped.on(.DELETE, .api(.organizationMember(SiteRoute.anyID, member: SiteRoute.anyID)), use: remove)
        scoped.get(.api(.organizationInvitations(SiteRoute.anyID)), use: invitations)
        scoped.post(.api(.organizationInvitations(SiteRoute.anyID)), use: invite)
        scoped.on(.DELETE, .api(.organizationInvitation(SiteRoute.anyID, invitation: SiteRoute.anyID)), use: revokeInvitation)
    }

    func list(_ request: Request) async throws -> APIModels.List<APIModels.Organization> {
        let memberships = try await Membership.all(of: try request.customer().userID, on: request.db)
        return .init(items: memberships.map { .init(id: $0.$organization.id, name: $0.organization.name, role: $0.role.rawValue, memberCount: nil) })
    }

    /// A new organization with the caller as its legal representative. With an `Idempotency-Key`, a retry gets the
    /// same organization again (`Idempotent-Replayed: true`) instead of a second one.
    func create(_ request: Request) async throws -> Response {
        struct Body: Content { var name: String? }
        let body = try request.content.decode(Body.self)
        let identity = try request.customer()
        let service = OrganizationService(request: request)
        guard let header = request.headers.first(name: "Idempotency-Key") else {
            let organization = try await service.createOrganization(named: body.name, by: identity)
            return try await Self.created(organization, replayed: false, for: request)
        }
        let key = try IdempotencyKey.validated(header, field: "Idempotency-Key", messageKey: "staff.tokens.idempotency_key_invalid")
        do {
            let (id, isReplay) = try await FormSubmissions(db: request.db).run(
                scope: "user:\(identity.userID)", key: key, values: ["name": body.name ?? ""], now: request.now) { db in
                try await service.createOrganization(named: body.name, by: identity, on: db).requireID()
            }
            guard let organization = try await Organization.find(id, on: request.db) else { throw AppError.notFound }
            return try await Self.created(organization, replayed: isReplay, for: request)
        } catch is FormSubmissions.OtherValues {
            throw ValidationFailure([FieldError(field: "Idempotency-Key", messageKey: "error.api.idempotency_key_reused")])
        }
    }

    private static func created(_ organization: Organization, replayed: Bool, for request: Request) async throws -> Response {
        let response = try await APIModels.Organization(id: organization.id!, name: organization.name,
                                                        role: OrganizationRole.legalRepresentative.rawValue, memberCount: 1)
            .encodeResponse(status: .created, for: request)
        if replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    func show(_ request: Request) async throws -> APIModels.Organization {
        let membership = try request.membership()
        let count = try await Membership.query(on: request.db).filter(\.$organization.$id == membership.$organization.id).count()
        return .init(id: membership.$organization.id, name: membership.organization.name, role: membership.role.rawValue, memberCount: count)
    }

    func leave(_ request: Request) async throws -> HTTPStatus {
        try await OrganizationService(request: request).leave(try request.membership())
        return .noContent
    }

    func members(_ request: Request) async throws -> APIModels.List<APIModels.Member> {
        let members = try await Membership.members(of: try request.membership().$organization.id, on: request.db)
        return .init(items: members.map(memberModel))
    }

    func changeRole(_ request: Request) async throws -> APIModels.Member {
        let membership = try request.membership()
        let body = try request.content.decode(APIModels.RoleChange.self)
        let service = OrganizationService(request: request)
        try await service.changeRole(memberID: try request.id("memberID"), to: body.role, by: membership)
        let member = try await service.member(try request.id("memberID"), of: membership, on: request.db)
        try await member.$user.load(on: request.db)
        return memberModel(member)
    }

    func remove(_ request: Request) async throws -> HTTPStatus {
        try await OrganizationService(request: request).remove(memberID: try request.id("memberID"), by: try request.membership())
        return .noContent
    }

    func invitations(_ request: Request) async throws -> APIModels.List<APIModels.Invitation> {
        let membership = try request.managingMembership()
        let pending = try await OrganizationService(request: request).pendingInvitations(of: membership.$organization.id)
        return .init(items: pending.map(invitationModel))
    }

    func invite(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.InvitationRequest.self)
        let invitation = try await OrganizationService(request: request)
            .invite(email: body.email, role: body.role, by: try request.membership(), inviter: try request.customer().user)
        return try await invitationModel(invitation).encodeResponse(status: .created, for: request)
    }

    func revokeInvitation(_ request: Request) async throws -> HTTPStatus {
        try await OrganizationService(request: request).revokeInvitation(try request.id("invitationID"), by: try request.membership())
        return .noContent
    }

    func acceptInvitation(_ request: Request) async throws -> APIModels.Organization {
        let token = request.parameters.get("token") ?? ""
        // Something that cannot be a link's token is no invitation at all (404), as the contract's pattern says; a
        // token that could be one but is unknown, used or expired is 410.
        guard SecretToken.couldBe(token) else { throw AppError.notFound }
        let membership = try await OrganizationService(request: request).accept(token: token, as: try request.customer().user)
        let organization = try await membership.$organization.get(on: request.db)
        return .init(id: organization.id!, name: organization.name, role: membership.role.rawValue, memberCount: nil)
    }

    private func memberModel(_ member: Membership) -> APIModels.Member {
        .init(id: member.id!, userID: member.$user.id, name: member.user.name, email: member.user.email, role: member.role.rawValue)
    }

    private func invitationModel(_ invitation: Invitation) -> APIModels.Invitation {
        .init(id: invitation.id!, email: invitation.email, role: invitation.roleValue, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt)
    }
}
