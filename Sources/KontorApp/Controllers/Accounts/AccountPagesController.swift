import Fluent
import KontorDomain
import Vapor

/// Sign-up, address confirmation, sign-in and sign-out pages.
struct AccountPagesController {
    struct SignUpPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let languages: [LayoutModel.LanguageLink]
        let action: String
        let minimumLength: Int
        let recommendedLength: Int
    }
    struct SignInPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
        let next: String?
    }
    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }
    struct MessagePage: Encodable {
        let layout: LayoutModel
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.home, use: home)
        routes.get(.signUp, use: signUpForm)
        routes.post(.signUp, use: signUp)
        routes.get(.checkInbox, use: checkInbox)
        routes.get(.verifyEmail(token: ""), use: confirmSignUpPage)
        routes.post(.verifyEmail(token: ""), use: verifyEmail)
        routes.get(.signIn, use: signInForm)
        routes.post(.signIn, use: signIn)
        routes.post(.signOut, use: { try await SignInFlow.endBrowserSession($0) })
    }

    func home(_ request: Request) async throws -> Response {
        if request.auth.has(CustomerIdentity.self) { return request.redirect(to: .console) }
        return try await request.view.render("Accounts/Home", MessagePage(layout: await request.layout(title: request.t("home.title"))))
            .encodeResponse(for: request)
    }

    func signUpForm(_ request: Request) async throws -> View {
        try await renderSignUp(request, form: FormState(values: ["language": request.language.rawValue]))
    }

    func signUp(_ request: Request) async throws -> Response {
        let input = try request.content.decode(SignUpInput.self)
        do {
            try await AccountService(request: request).signUp(input)
            return request.redirect(to: .checkInbox)
        } catch let failure as ValidationFailure {
            let values = ["name": input.name ?? "", "email": input.email ?? "", "language": input.language ?? ""]
            return try await renderSignUp(request, form: FormState(failure: failure, values: values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError {
            let values = ["name": input.name ?? "", "email": input.email ?? "", "language": input.language ?? ""]
            return try await renderSignUp(request, form: FormState(message: request.t(error.messageKey, error.messageArguments), values: values))
                .encodeResponse(status: error.status, for: request)
        }
    }

    private func renderSignUp(_ request: Request, form: FormState) async throws -> View {
        let layout = await request.layout(title: request.t("signup.title"))
        return try await request.view.render("Accounts/SignUp", SignUpPage(
            layout: layout, form: form, languages: layout.languages, action: SiteRoute.signUp.path,
            minimumLength: PasswordPolicy.minimumLength, recommendedLength: PasswordPolicy.recommendedLength))
    }

    func checkInbox(_ request: Request) async throws -> View {
        try await request.view.render("Accounts/CheckInbox", MessagePage(layout: await request.layout(title: request.t("check_inbox.title"))))
    }

    struct ConfirmSignUpPage: Encodable {
        let layout: LayoutModel
        let name: String?
        let email: String?
        let action: String
        let signIn: String
        var passwordError: String? = nil
    }

    /// The page the sign-up link opens. Opening it changes nothing: the button does. A mail gateway that follows
    /// every link would otherwise activate a sign-up someone else made with this address, with that person's
    /// password (as for the sign-in and recovery addresses).
    func confirmSignUpPage(_ request: Request) async throws -> Response {
        try await renderConfirmSignUp(request, passwordError: nil)
    }

    private func renderConfirmSignUp(_ request: Request, passwordError: String?) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let link = try await EmailLinks(db: request.db, now: request.now).usable(token, purpose: .verifyEmail)
        let page = ConfirmSignUpPage(layout: await request.layout(title: request.t("signup.confirm.title")),
                                     name: link.map { $0.pendingName ?? $0.user.name }, email: link?.user.email,
                                     action: SiteRoute.verifyEmail(token: token).path, signIn: SiteRoute.signIn.path, passwordError: passwordError)
        let status: HTTPStatus = link == nil ? .gone : passwordError == nil ? .ok : .unprocessableEntity
        return try await request.view.render("Accounts/ConfirmSignUp", page).encodeResponse(status: status, for: request)
    }

    func verifyEmail(_ request: Request) async throws -> Response {
        struct ConfirmForm: Content { var password: String? }
        let form = try request.content.decode(ConfirmForm.self)
        do {
            _ = try await AccountService(request: request).confirmEmail(token: request.parameters.get("token") ?? "", password: form.password)
        } catch let failure as ValidationFailure {
            return try await renderConfirmSignUp(request, passwordError: failure.errors.first.map { request.t($0.messageKey, $0.arguments) })
        }
        return request.redirect(to: .signIn, notice: "email_confirmed")
    }

    func signInForm(_ request: Request) async throws -> Response {
        if request.auth.has(CustomerIdentity.self) { return request.redirect(to: .console) }
        return try await renderSignIn(request, form: FormState(), next: request.query[String.self, at: "next"]).encodeResponse(for: request)
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let values = ["email": form.email ?? ""]
        do {
            let user = try await AccountService(request: request).signIn(
                email: form.email, password: form.password, deviceToken: request.cookies[request.sessionCookies.device]?.string)
            return try await SignInFlow.startBrowserSession(for: user, request, redirectTo: form.next)
        } catch let failure as ValidationFailure {
            return try await renderSignIn(request, form: FormState(failure: failure, values: values, request: request), next: form.next)
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError {
            // With its headers: a 429 says when to try again (`Retry-After`), on the page as in the API.
            return try await renderSignIn(request, form: FormState(message: request.t(error.messageKey, error.messageArguments), values: values), next: form.next)
                .encodeResponse(status: error.status, headers: error.headers, for: request)
        }
    }

    /// The form carries `next` on only when a sign-in may go there (`SignInDestination`).
    private func renderSignIn(_ request: Request, form: FormState, next: String?) async throws -> View {
        try await request.view.render("Accounts/SignIn", SignInPage(
            layout: await request.layout(title: request.t("signin.title")), form: form, action: SiteRoute.signIn.path,
            next: request.signInDestination(next)))
    }
}

extension View {
    func encodeResponse(status: HTTPStatus, headers: HTTPHeaders = [:], for request: Request) async throws -> Response {
        let response = try await encodeResponse(for: request)
        response.status = status
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}
