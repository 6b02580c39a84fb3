import KontorDomain
import Vapor

/// The one place errors become HTTP: JSON `{"error": {"code", "message", "fields"}}` for the API,
/// an HTML page in the user's language for browsers. Unknown errors are logged and shown as a plain 500.
struct KontorErrorMiddleware: AsyncMiddleware {
    struct Body: Content {
        struct Detail: Content {
            let code: String
            let message: String
            let fields: [FieldMessage]?
        }
        struct FieldMessage: Content {
            let field: String
            let message: String
        }
        let error: Detail
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request)
        }
    }

    func response(for error: any Error, _ request: Request) async -> Response {
        if error as? AppError == .csrfFailed, request.renewedMeanwhile, !request.answersInJSON {
            return Self.sentTwice(request)
        }
        let (status, code, message, fields, headers) = describe(error, request)
        if status == .internalServerError {
            request.logger.report(error: error)
        }
        // A staff member refused in the staff console (a role that does not reach the page, a change a read-only or
        // product-only grant does not allow) is a security event (ASVS 16.3), recorded here once for every such
        // refusal. The staff API records its own (`RequireStaffToken`), customers' are recorded by their scope.
        if status == .forbidden, !request.isAPI, let staff = request.auth.get(StaffIdentity.self)?.staff {
            try? await request.record(.accessDenied, staff: staff.id, detail: "\(request.method) \(request.path) as \(staff.roleValue)")
        }
        if request.answersInJSON {
            let response = Response(status: status, headers: headers)
            try? response.content.encode(Body(error: .init(code: code, message: message, fields: fields.isEmpty ? nil : fields)))
            return response
        }
        let headline = request.t(Self.headlineKey(status))
        let page = ErrorPage(layout: await request.layout(title: headline), headline: headline, status: Int(status.code), message: message, fields: fields)
        let response = (try? await request.view.render("System/Error", page).encodeResponse(for: request))
            ?? Response(status: status, body: .init(string: message))
        response.status = status
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    /// A copy of a form that arrived after another copy went through and renewed the session (a double click): back to
    /// the page it was sent from (its `Referer`, a page of this site), told so. The cookie it came with opens nothing;
    /// the browser has the new one if it kept the first answer, else it meets the sign-in page.
    static func sentTwice(_ request: Request) -> Response {
        let staff = request.path.hasPrefix("/staff")
        // Only the path is taken, and only when it is one of this site's pages (`SignInDestination`): whoever wrote the
        // header, the answer leads nowhere else.
        let page = request.headers.first(name: .referer).flatMap(URLComponents.init(string:))
            .flatMap { request.signInDestination($0.path) }.flatMap { $0.hasPrefix("/staff") == staff ? $0 : nil }
        return request.redirect(to: (page ?? (staff ? SiteRoute.staffHome : SiteRoute.console).path) + "?notice=sent_twice", redirectType: .normal)
    }

    /// The error page's heading and title by kind of problem, in the reader's language.
    static func headlineKey(_ status: HTTPResponseStatus) -> String {
        switch status.code {
        case 401, 403: "error.headline.forbidden"
        case 404, 410: "error.headline.not_found"
        case 409: "error.headline.conflict"
        case 429: "error.headline.too_many"
        case 400..<500: "error.headline.invalid"
        case 503: "error.headline.unavailable"
        default: "error.headline.failed"
        }
    }

    private func describe(_ error: any Error, _ request: Request)
        -> (HTTPResponseStatus, String, String, [Body.FieldMessage], HTTPHeaders) {
        switch error {
        case let error as AppError:
            let message = request.t(error.messageKey, error.messageArguments)
            let fields = error.field.map { [Body.FieldMessage(field: $0, message: message)] } ?? []
            return (error.status, error.code, message, fields, error.headers.adding(authenticationChallenge(error, request)))
        case let failure as ValidationFailure:
            let fields = failure.errors.map { Body.FieldMessage(field: $0.field, message: request.t($0.messageKey, $0.arguments)) }
            return (.unprocessableEntity, "validation_failed", request.t("error.validation_failed"), fields, [:])
        case let refusal as BankStatementImporter.Refusal:
            // The staff API's statement upload: the problem and its place, in the field the file came in.
            let (code, message) = switch refusal {
            case .testFile: ("statement_test_file", request.t("staff.billing.test_file"))
            case .notOwnAccount(let account):
                ("statement_not_own_account", StatementProblemText.notOwnAccount(account, request.language, localizer: request.kontor.localizer))
            case .malformed(let problem): ("statement_malformed", StatementProblemText.text(problem, request.language, localizer: request.kontor.localizer))
            }
            return (.unprocessableEntity, code, message, [Body.FieldMessage(field: "body", message: message)], [:])
        case let refusal as NULCharacterRefused:
            let message = request.t("error.nul_character")
            return (.badRequest, "nul_character", message, refusal.field.map { [Body.FieldMessage(field: $0, message: message)] } ?? [], [:])
        case let error as DecodingError:
            let field = error.fieldPath
            let key = error.isMissingValue ? "error.required" : "error.wrong_type"
            return (.badRequest, "invalid_body", request.t("error.invalid_body"),
                    [Body.FieldMessage(field: field.isEmpty ? "body" : field, message: request.t(key))], [:])
        case let abort as any AbortError where [.unprocessableEntity, .unsupportedMediaType].contains(abort.status)
                                               && (request.body.data?.readableBytes ?? 0) == 0:
            // Vapor's answers to decoding an empty body (422, or 415 without a content type): for the caller the body
            // is missing, as docs/api.md says.
            return (.badRequest, "invalid_body", request.t("error.invalid_body"),
                    [Body.FieldMessage(field: "body", message: request.t("error.required"))], [:])
        case let abort as any AbortError:
            let status = abort.status
            let key: String = switch status.code {
            case 404: "error.not_found"
            case 413: "error.payload_too_large"
            case 415: "error.unsupported_media_type"
            case 400..<500: "error.bad_request"
            default: "error.internal"
            }
            return (status, status.code == 404 ? "not_found" : "http_\(status.code)", request.t(key), [], abort.headers)
        case let error where ConcurrentChange(error) == .conflict:
            request.logger.notice("concurrent change refused: \(String(reflecting: error))")
            return (.conflict, "concurrent_change", request.t("error.concurrent_change"), [], [:])
        case let error where ConcurrentChange(error) == .busy:
            request.logger.warning("database busy: \(String(reflecting: error))")
            return (.serviceUnavailable, "busy", request.t("error.busy"), [], ["Retry-After": "2"])
        default:
            return (.internalServerError, "internal", request.t("error.internal"), [], [:])
        }
    }

    /// Every 401 of the API says how to authenticate (RFC 9110 §11.6.1, RFC 6750 §3): a bearer token, and when one was
    /// sent but opens nothing, that it is the token that is wrong.
    private func authenticationChallenge(_ error: AppError, _ request: Request) -> HTTPHeaders {
        guard request.isAPI, error.status == .unauthorized else { return [:] }
        let tokenSent = error == .unauthenticated && request.headers.bearerAuthorization != nil
        return ["WWW-Authenticate": #"Bearer realm="kontor""# + (tokenSent ? #", error="invalid_token""# : "")]
    }
}

extension HTTPHeaders {
    /// These headers and `other`'s, `other` winning on a name both have.
    func adding(_ other: HTTPHeaders) -> HTTPHeaders {
        var headers = self
        for (name, value) in other { headers.replaceOrAdd(name: name, value: value) }
        return headers
    }
}

extension DecodingError {
    /// The path of the property that failed, as every other API error names fields: `lines[0].unitPrice`.
    var fieldPath: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        @unknown default: path = []
        }
        return path.reduce(into: "") { text, key in
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
        }
    }

    var isMissingValue: Bool {
        switch self {
        case .keyNotFound, .valueNotFound: true
        default: false
        }
    }
}
