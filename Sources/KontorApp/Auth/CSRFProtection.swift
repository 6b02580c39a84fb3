import Vapor

/// Anti-forgery for every state change from a browser (ASVS 3.5): the request must come from our own
/// origin (`Sec-Fetch-Site`, `Origin`) and carry the form token, which is the session's token for
/// signed-in people and a random cookie for visitors (sign-in and sign-up forms).
struct CSRFProtection: AsyncMiddleware {
    static let oneClickPrefix = "/newsletters/unsubscribe/"
    /// The limit for paths that take bodies bigger than the default: identity documents, and help articles (an editor
    /// who writes too much gets the form back with a sentence, not a bare 413 that loses the text).
    static func bodyLimit(forPath path: String) -> Int? {
        if path == SiteRoute.identityCheck.path { return IdentityCheckController.maximumUpload }
        if path == SiteRoute.staffBillingImport.path { return StaffBillingController.maximumStatement }
        if HelpStaffController.takesArticleForm(path: path) { return HelpStaffController.maximumForm }
        return nil
    }

    /// The route's larger limit, for the one kind of caller who can use it: a pending sign-in for the identity check,
    /// signed-in staff for statements and help articles. Anyone else gets the default: a stranger's 100 MB body,
    /// read and parsed only to find no form token in it, held the server's threads for seconds.
    static func bodyLimit(for request: Request) -> Int? {
        guard let limit = bodyLimit(forPath: request.path) else { return nil }
        if request.path == SiteRoute.identityCheck.path {
            return request.pendingSecondFactor != nil || request.auth.has(CustomerIdentity.self) ? limit : nil
        }
        return request.auth.has(StaffIdentity.self) ? limit : nil
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The API (bearer tokens) and the monitoring endpoints render no form: no visitor token for them.
        let rendersForms = !request.isAPI && request.path != SiteRoute.health.path && request.path != SiteRoute.metrics.path
        let needsCookie = request.csrfSessionToken == nil && request.cookies[request.sessionCookies.csrf] == nil
        if needsCookie, rendersForms { request.storage[AnonymousCSRFKey.self] = SecretToken.generate() }

        // The JSON API takes bearer tokens only (cookies are ignored there), so it needs no form token; nor does
        // RFC 8058's one-click unsubscribe, which mail providers POST without cookies: its signed token is the
        // whole authorisation and it can only remove one subscription.
        if !request.isAPI, !request.path.hasPrefix(Self.oneClickPrefix), ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // What the headers alone refuse is refused before the body is read: another site's request, and a browser
            // that has no form token at all (a form rendered here gave it one), whose body cannot hold the token.
            try verifyOrigin(request)
            if needsCookie { throw AppError.csrfFailed }
            // A large upload arrives as a stream; its form token is inside, so the body is read first (within the
            // route's own limit, for the caller it is meant for) — small forms arrive whole anyway.
            if request.body.data == nil {
                let large = Self.bodyLimit(for: request)
                if large != nil, request.path == SiteRoute.identityCheck.path {
                    // The identity documents: the same gate as the API's upload, held until the answer is written.
                    let gate = request.kontor.identityUploads
                    let place = try await gate.enter(request)
                    defer { place.release() }
                    try await gate.collect(request, max: large!)
                    try verifyForm(request)
                    return try await answer(request, next, needsCookie: needsCookie)
                }
                _ = try await request.body.collect(max: large ?? request.application.routes.defaultMaxBodySize.value).get()
            }
            try verifyForm(request)
        }
        return try await answer(request, next, needsCookie: needsCookie)
    }

    /// The form's token, once its body is read.
    private func verifyForm(_ request: Request) throws {
        // Counted before the form parser (quadratic in repeated keys) sees the body.
        if request.headers.contentType == .urlEncodedForm, let body = request.body.data,
           RequestLimits.pairCount(body.readableBytesView) > request.application.kontor.config.requestLimits.maxFormFields {
            throw Abort(.payloadTooLarge)
        }
        try verify(request)
    }

    private func answer(_ request: Request, _ next: any AsyncResponder, needsCookie: Bool) async throws -> Response {
        let response = try await next.respond(to: request)
        if needsCookie, let token = request.storage[AnonymousCSRFKey.self] {
            response.cookies[request.sessionCookies.csrf] = request.sessionCookies.value(token)
        }
        return response
    }

    private func verify(_ request: Request) throws {
        // A body refused for U+0000 is the 400 every other entry point gives it, not an expired form (and no refusal to log).
        let sent: String?
        // A multipart form (an upload) is split once, and its parts kept for the controller (`MultipartForm`). One that is
        // not a form at all (cut off, a text field that is not UTF-8) is the 400 naming what is wrong that any other
        // malformed body gets, not an expired form: nothing of it is read either way.
        if let form = try MultipartForm.of(request) {
            sent = form.text("_csrf")
        } else {
            do { sent = try request.content.get(String.self, at: "_csrf") } catch let refused as NULCharacterRefused { throw refused } catch { sent = nil }
        }
        guard let expected = request.csrfToken, let sent, SecretToken.constantTimeEquals(expected, sent) else {
            throw AppError.csrfFailed
        }
    }

    private func verifyOrigin(_ request: Request) throws {
        if let site = request.headers.first(name: "Sec-Fetch-Site"), !["same-origin", "none"].contains(site) {
            throw AppError.csrfFailed
        }
        if let origin = request.headers.first(name: .origin), origin != "null" {
            let publicOrigin = request.application.kontor.config.publicURL.origin
            let hostOrigin = request.headers.first(name: .host).map { "http://\($0)" }
            let hostOriginTLS = request.headers.first(name: .host).map { "https://\($0)" }
            guard [publicOrigin, hostOrigin, hostOriginTLS].contains(origin) else { throw AppError.csrfFailed }
        }
    }
}

private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

extension Request {
    /// The token forms must carry on this request.
    var csrfToken: String? {
        csrfSessionToken ?? cookies[sessionCookies.csrf]?.string ?? storage[AnonymousCSRFKey.self]
    }

    /// The session's own token: the staff session's on staff pages, the customer's elsewhere.
    var csrfSessionToken: String? {
        if path.hasPrefix("/staff") { return auth.get(StaffIdentity.self)?.session.csrfToken }
        return auth.get(CustomerIdentity.self)?.session?.csrfToken
    }
}

extension URL {
    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    var origin: String {
        var text = "\(scheme ?? "http")://\(host ?? "")"
        if let port { text += ":\(port)" }
        return text
    }
}
