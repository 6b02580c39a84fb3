import Fluent
import KontorDomain
import Vapor

/// "Close your account": what stops it, organization by organization, then the password and a tick; afterwards a page
/// that says it is done (the session is gone with the account).
struct AccountClosureController {
    struct ClosePage: Encodable {
        struct Obstacle: Encodable {
            let organization: String
            let reasons: [String]
        }
        let layout: LayoutModel
        let obstacles: [Obstacle]
        /// 2FA is on and this session did not pass it: the form is not offered, the page says how to get there.
        let needsSecondFactor: Bool
        let form: FormState
        let action: String
    }
    struct CloseForm: Content {
        var password: String?
        var confirm: String?
    }

    func register(customer routes: any RoutesBuilder, public open: any RoutesBuilder) {
        routes.get(.closeAccount, use: show)
        routes.post(.closeAccount, use: close)
        open.get(.accountClosed, use: closed)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState())
    }

    func close(_ request: Request) async throws -> Response {
        let form = try request.content.decode(CloseForm.self)
        do {
            try await AccountClosure(request: request).close(by: try request.customer(), password: form.password,
                                                             confirmed: form.confirm == "on" || form.confirm == "true")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError where error == AccountClosure.blocked {
            // Something changed since the page was shown (a member left, an invoice came): the page says what.
            return try await render(request, form: FormState(message: request.t(error.messageKey), values: [:]))
                .encodeResponse(status: .conflict, for: request)
        }
        let response = request.redirect(to: .accountClosed)
        response.cookies[request.sessionCookies.customer] = request.sessionCookies.expired
        return response
    }

    func closed(_ request: Request) async throws -> View {
        try await request.view.render("Accounts/AccountClosed", AccountPagesController.MessagePage(layout: await request.layout(title: request.t("account_closure.closed.title"))))
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let identity = try request.customer()
        let closure = AccountClosure(request: request)
        let obstacles = try await closure.obstacles(for: identity.userID).map { obstacle in
            ClosePage.Obstacle(organization: obstacle.organizationName, reasons: obstacle.refusals.map { request.t($0.rawValue) })
        }
        return try await request.view.render("Accounts/CloseAccount", ClosePage(
            layout: await request.layout(title: request.t("account_closure.title")), obstacles: obstacles,
            needsSecondFactor: try await closure.needsSecondFactor(identity), form: form, action: SiteRoute.closeAccount.path))
    }
}
