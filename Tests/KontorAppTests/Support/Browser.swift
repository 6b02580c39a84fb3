import Foundation
@testable import KontorApp
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// A test user agent: keeps cookies, fills the anti-forgery field in forms, follows nothing by itself.
final class Browser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    var extraHeaders: HTTPHeaders = [:]

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form, adding the `_csrf` token of the current session or visitor cookie.
    @discardableResult
    func post(_ path: String, form: [String: String] = [:], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf, fields["_csrf"] == nil {
            fields["_csrf"] = try await csrfToken(page: path.hasPrefix("/staff") ? SiteRoute.staffSignIn.path : SiteRoute.signUp.path)
        }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, body: ByteBuffer(string: body), headers: headers)
    }

    /// A file for `postMultipart`.
    struct Upload {
        let field: String
        let filename: String
        let contentType: String
        let bytes: [UInt8]
    }

    /// Posts a `multipart/form-data` form with files, as a browser does for `<input type=file>`.
    @discardableResult
    func postMultipart(_ path: String, fields form: [String: String] = [:], files: [Upload]) async throws -> TestingHTTPResponse {
        var fields = form
        if fields["_csrf"] == nil { fields["_csrf"] = try await csrfToken(page: SiteRoute.signUp.path) }
        let boundary = "kontor-test-" + UUID().uuidString
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\n")
            body.writeString("Content-Type: \(file.contentType)\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, body: body, headers: headers)
    }

    /// The anti-forgery token a page would render right now.
    func csrfToken(page: String = SiteRoute.signUp.path) async throws -> String {
        Self.token(in: try await get(page).body.string)
    }

    static func token(in html: String) -> String {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func send(_ method: HTTPMethod, _ path: String, body: ByteBuffer?, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var all = headers
        for (name, value) in extraHeaders { all.replaceOrAdd(name: name, value: value) }
        if !cookies.isEmpty { all.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let response = try await app.testing().sendRequest(method, path, headers: all, body: body)
        // Work a page starts after answering (BackgroundWork) is part of what the user did: wait for it, as a person
        // reading their mail a moment later would.
        await app.kontor.backgroundWork.drain()
        takeCookies(from: response)
        return response
    }

    /// Keeps (or forgets) the cookies an answer sets, as a browser's cookie jar does.
    func takeCookies(from response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    func forgetCookie(_ name: String) { cookies[name] = nil }
    func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }
}

extension Browser {
    /// Another tab of the same person: this browser's cookies in a new browser on `app`, which may be another server.
    func tab(on app: Application) -> Browser {
        let tab = Browser(app)
        for (name, value) in cookies { tab.setCookie(name, value) }
        return tab
    }

    /// `count` tabs of this browser, alternating between `apps`, each posting its form (`forms(i)`, with its `_csrf`)
    /// to `path` at the same moment, as a double click or a resend does; the answers in the tabs' order.
    func postAtOnce(_ apps: [Application], count: Int, _ path: String,
                    forms: @escaping @Sendable (Int) -> [String: String]) async throws -> [TestingHTTPResponse] {
        try await withThrowingTaskGroup(of: (Int, TestingHTTPResponse).self) { group in
            for copy in 0..<count {
                let tab = tab(on: apps[copy % apps.count])
                group.addTask { (copy, try await tab.post(path, form: forms(copy), csrf: false)) }
            }
            let answers = try await group.reduce(into: [(Int, TestingHTTPResponse)]()) { $0.append($1) }.sorted { $0.0 < $1.0 }.map(\.1)
            // The tabs share this browser's cookie jar: a new session ID one of them was given is this browser's now.
            for answer in answers { takeCookies(from: answer) }
            return answers
        }
    }
}
