import Fluent
import KontorDomain
import Vapor

/// The members page: members and roles, removal, invitations.
struct MembersController {
    struct MembersPage: Encodable {
        struct Row: Encodable {
            let name: String
            let email: String
            let role: String
            let roleValue: String
            let isMe: Bool
            let rolePath: String
            let removePath: String
            /// Whether the viewer may change this member (an administrator cannot touch a legal representative).
            let canChange: Bool
        }
        struct InvitationRow: Encodable {
            let email: String
            let role: String
            let expiresAt: Date
            let revokePath: String
        }
        let layout: LayoutModel
        let organizationName: String
        let members: [Row]
        let invitations: [InvitationRow]
        let canManage: Bool
        let roles: [RoleOption]
        let inviteAction: String
        let form: FormState
        let refusal: String?
    }
    struct RoleOption: Encodable {
        let value: String
        let label: String
    }
    struct InviteForm: Content {
        var email: String?
        var role: String?
    }
    struct RoleForm: Content {
        var role: String?
    }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.organizationMembers(SiteRoute.anyID), use: show)
        scoped.post(.inviteMember(SiteRoute.anyID), use: invite)
        scoped.post(.revokeInvitation(SiteRoute.anyID, invitation: SiteRoute.anyID), use: revokeInvitation)
        scoped.post(.changeMemberRole(SiteRoute.anyID, member: SiteRoute.anyID), use: changeRole)
        scoped.post(.removeMember(SiteRoute.anyID, member: SiteRoute.anyID), use: remove)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState(values: ["role": OrganizationRole.user.rawValue]), refusal: nil)
    }

    private func render(_ request: Request, form: FormState, refusal: String?) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let members = try await Membership.members(of: organizationID, on: request.db)
        let invitations = membership.role.canManageOrganization
            ? try await OrganizationService(request: request).pendingInvitations(of: organizationID) : []
        return try await request.view.render("Organizations/Members", MembersPage(
            layout: await request.layout(title: request.t("members.title")), organizationName: membership.organization.name,
            members: members.map { member in
                .init(name: member.user.name, email: member.user.email, role: request.t("role.\(member.role.rawValue)"),
                      roleValue: member.role.rawValue, isMe: member.id == membership.id,
                      rolePath: SiteRoute.changeMemberRole(organizationID, member: member.id!).path,
                      removePath: SiteRoute.removeMember(organizationID, member: member.id!).path,
                      canChange: member.role != .legalRepresentative || membership.role.canManageLegalRepresentatives)
            },
            invitations: invitations.map {
                .init(email: $0.email, role: request.t("role.\($0.roleValue)"), expiresAt: $0.expiresAt,
                      revokePath: SiteRoute.revokeInvitation(organizationID, invitation: $0.id!).path)
            },
            canManage: membership.role.canManageOrganization,
            roles: OrganizationRole.allCases.map { .init(value: $0.rawValue, label: request.t("role.\($0.rawValue)")) },
            inviteAction: SiteRoute.inviteMember(organizationID).path, form: form, refusal: refusal))
    }

    func invite(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        let form = try request.content.decode(InviteForm.self)
        do {
            try await OrganizationService(request: request).invite(email: form.email, role: form.role, by: membership, inviter: try request.customer().user)
            return request.redirect(to: .organizationMembers(membership.$organization.id), notice: "invitation_sent")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: ["email": form.email ?? "", "role": form.role ?? ""], request: request), refusal: nil)
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError {
            guard case .membershipRefused = error else { throw error }
            return try await render(request, form: FormState(), refusal: request.t(error.messageKey)).encodeResponse(status: error.status, for: request)
        }
    }

    func revokeInvitation(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        try await OrganizationService(request: request).revokeInvitation(try request.id("invitationID"), by: membership)
        return request.redirect(to: .organizationMembers(membership.$organization.id), notice: "invitation_revoked")
    }

    func changeRole(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        let form = try request.content.decode(RoleForm.self)
        return try await refusingOnPage(request) {
            try await OrganizationService(request: request).changeRole(memberID: try request.id("memberID"), to: form.role, by: membership)
            return request.redirect(to: .organizationMembers(membership.$organization.id), notice: "role_changed")
        }
    }

    func remove(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        return try await refusingOnPage(request) {
            try await OrganizationService(request: request).remove(memberID: try request.id("memberID"), by: membership)
            return request.redirect(to: .organizationMembers(membership.$organization.id), notice: "member_removed")
        }
    }

    /// Shows a refused change on the members page with its reason instead of an error page.
    private func refusingOnPage(_ request: Request, _ action: () async throws -> Response) async throws -> Response {
        do {
            return try await action()
        } catch let error as AppError {
            guard case .membershipRefused = error else { throw error }
            return try await render(request, form: FormState(), refusal: request.t(error.messageKey)).encodeResponse(status: error.status, for: request)
        }
    }
}
