import KontorDomain
import Vapor

/// What one request may cost before Kontor does any work for it (ASVS 13.1, OWASP "unrestricted resource
/// consumption"). Checked first, before the static-file lookup, the session and the query parser — Vapor's form
/// parser is quadratic in repeated keys, so 10,000 `a=1&` pairs cost seconds of an event loop — and answered with a
/// short message instead of a page, because rendering the layout would parse the query again.
struct RequestLimits: Sendable {
    /// The whole request target; browsers and proxies commonly allow 8 KB.
    var maxURLBytes = 8 * 1024
    /// No Kontor path is longer than a few hundred bytes; file systems refuse components over 255.
    var maxPathBytes = 2 * 1024
    var maxSegmentBytes = 255
    /// No Kontor page or API call uses more than a dozen; 64 leaves room and bounds the parser.
    var maxQueryParameters = 64
    /// Fields of a urlencoded form; the biggest Kontor form has a few dozen.
    var maxFormFields = 256
    var maxHeaderCount = 100
    var maxHeaderBytes = 16 * 1024
    /// A connection with nothing read or written for this long is closed (idle keep-alive, stalled clients).
    var idleTimeoutSeconds: Int64 = 30
    /// An identity-check upload (~15 MB at most) must arrive whole within this long (`UploadGate`): a byte every few
    /// seconds keeps a connection from idling, and had held an upload place for as long as the sender liked.
    var uploadReadSeconds: Int64 = 120

    /// Why `request` is refused, or nil when it is within every limit: the status, the catalog key and the API's code.
    func refusal(of request: Request) -> (HTTPResponseStatus, messageKey: String, code: String)? {
        // The target measured as path and query, not as `url.string`: Vapor rebuilds that string through Foundation on
        // every call, and this check runs in front of every request.
        let path = request.path, query = request.url.query
        if path.utf8.count + (query.map { $0.utf8.count + 1 } ?? 0) > maxURLBytes { return (.uriTooLong, "error.limit.url", "too_large_url") }
        if path.utf8.count > maxPathBytes || path.split(separator: "/").contains(where: { $0.utf8.count > maxSegmentBytes }) {
            return (.uriTooLong, "error.limit.url", "too_large_url")
        }
        if let query, Self.pairCount(query.utf8) > maxQueryParameters {
            return (.badRequest, "error.limit.parameters", "too_large_parameters")
        }
        if request.headers.count > maxHeaderCount
            || request.headers.reduce(0, { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }) > maxHeaderBytes {
            return (.init(statusCode: 431, reasonPhrase: "Request Header Fields Too Large"), "error.limit.headers", "too_large_headers")
        }
        return nil
    }

    /// `a=1&b=2&b=3` → 3, counted without parsing.
    static func pairCount(_ bytes: some Sequence<UInt8>) -> Int {
        bytes.reduce(1) { $1 == UInt8(ascii: "&") || $1 == UInt8(ascii: ";") ? $0 + 1 : $0 }
    }
}

/// Refuses requests over `RequestLimits` with a short answer in the visitor's language (JSON for the API).
struct RequestLimitsMiddleware: AsyncMiddleware {
    let limits: RequestLimits

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let (status, key, code) = limits.refusal(of: request) else { return try await next.respond(to: request) }
        return Self.refuse(request, status: status, messageKey: key, code: code)
    }

    static func refuse(_ request: Request, status: HTTPResponseStatus, messageKey: String, code: String) -> Response {
        // Before routing, a help page's language is only in its path ("/help/de/…"): the refusal speaks it too.
        if let language = helpPathLanguage(request.path) { request.language = language }
        let message = request.t(messageKey)
        let response = Response(status: status)
        response.headers.replaceOrAdd(name: .connection, value: "close")
        if request.path.hasPrefix("/api/") {
            try? response.content.encode(KontorErrorMiddleware.Body(error: .init(code: code, message: message, fields: nil)))
        } else {
            response.headers.contentType = .plainText
            response.body = .init(string: message + "\n")
        }
        return response
    }

    /// The language a `/help/<code>` path names, if it is one of Kontor's.
    static func helpPathLanguage(_ path: String) -> Language? {
        let segments = path.split(separator: "/", maxSplits: 2)
        guard segments.count >= 2, segments[0] == "help" else { return nil }
        return Language(rawValue: String(segments[1]))
    }
}

/// Serves `Resources/Public` (`/css/…`, `/js/…`) and nothing else: every other path skips the file-system lookup
/// that used to run in front of every route (and answered 500 for a name too long for the file system).
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware
    static let prefixes = ["/css/", "/js/"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A path with U+0000 is no file (the file system would read it up to the NUL): `NULInURLMiddleware` refuses it.
        guard Self.prefixes.contains(where: request.path.hasPrefix), !NULCharacterRefused.inURLEncoded(request.path.utf8) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}

/// U+0000 in the URL, refused as in every body (`NULCharacterRefused`, 400 `nul_character`), naming the query parameter
/// that holds it. After the session and the language, unlike the cost limits above: it costs nothing to let such a
/// request reach this far, and the answer then speaks the signed-in customer's language (security probe round 7, #5).
struct NULInURLMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let inPath = NULCharacterRefused.inURLEncoded(request.path.utf8)
        let query = request.url.query.flatMap { NULCharacterRefused.inURLEncoded($0.utf8) ? $0 : nil }
        guard inPath || query != nil else { return try await next.respond(to: request) }
        if let language = RequestLimitsMiddleware.helpPathLanguage(request.path) { request.language = language }
        // A NUL in the path is in no field; in the query, in the parameter that holds it.
        throw NULCharacterRefused(field: inPath ? nil : query.flatMap { NULCharacterRefused.fieldInURLEncoded(Substring($0)) })
    }
}
