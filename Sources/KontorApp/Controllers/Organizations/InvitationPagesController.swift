import Fluent
import KontorDomain
import Vapor

/// The page behind an invitation link: join when signed in, or sign up straight into the organization.
struct InvitationPagesController {
    struct InvitationPage: Encodable {
        let layout: LayoutModel
        let organizationName: String
        let inviterName: String
        let email: String
        let role: String
        let isSignedIn: Bool
        let isSignedInAsInvitee: Bool
        let hasAccount: Bool
        let acceptAction: String
        let signUpAction: String
        let signInPath: String
        let form: FormState
        let languages: [LayoutModel.LanguageLink]
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.invitation(token: ""), use: show)
        routes.post(.invitation(token: ""), use: signUp)
        routes.post(.acceptInvitation(token: ""), use: accept)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState(values: ["language": request.language.rawValue]))
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let token = request.parameters.get("token") ?? ""
        let invitation = try await OrganizationService(request: request).invitation(token: token)
        let user = request.auth.get(CustomerIdentity.self)?.user
        let existing = try await User.find(email: invitation.email, on: request.db)
        let layout = await request.layout(title: request.t("invitation.title", ["organization": invitation.organization.name]))
        return try await request.view.render("Organizations/Invitation", InvitationPage(
            layout: layout, organizationName: invitation.organization.name, inviterName: invitation.invitedBy.name,
            email: invitation.email, role: request.t("role.\(invitation.roleValue)"), isSignedIn: user != nil,
            isSignedInAsInvitee: user?.email == invitation.email, hasAccount: existing?.isEmailVerified ?? false,
            acceptAction: SiteRoute.acceptInvitation(token: token).path, signUpAction: SiteRoute.invitation(token: token).path,
            signInPath: SiteRoute.signIn.path + "?next=" + SiteRoute.invitation(token: token).path,
            form: form, languages: layout.languages))
    }

    func signUp(_ request: Request) async throws -> Response {
        let input = try request.content.decode(SignUpInput.self)
        do {
            let (user, membership) = try await OrganizationService(request: request)
                .signUpThroughInvitation(token: request.parameters.get("token") ?? "", input: input,
                                         deviceToken: request.cookies[request.sessionCookies.device]?.string)
            let response = try await SignInFlow.startBrowserSession(for: user, request, redirectTo: nil)
            try await rememberCurrent(membership, response: response, request)
            return response
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: ["name": input.name ?? "", "language": input.language ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func accept(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let membership = try await OrganizationService(request: request).accept(token: request.parameters.get("token") ?? "", as: identity.user)
        identity.session?.currentOrganizationID = membership.$organization.id
        try await identity.session?.save(on: request.db)
        return request.redirect(to: .console, notice: "invitation_accepted")
    }

    /// The new session starts in the organization that invited the user.
    private func rememberCurrent(_ membership: Membership, response: Response, _ request: Request) async throws {
        guard let token = response.cookies[request.sessionCookies.customer]?.string,
              let session = try await AuthSession.query(on: request.db).filter(\.$tokenHash == SecretToken.hash(token)).first() else { return }
        session.currentOrganizationID = membership.$organization.id
        try await session.save(on: request.db)
    }
}
