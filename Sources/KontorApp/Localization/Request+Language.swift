import KontorDomain
import Vapor

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language this request is answered in: the signed-in user's, else the `kontor_lang` cookie,
    /// else `Accept-Language`, else the configured default.
    var language: Language {
        get {
            if let chosen = storage[LanguageKey.self] { return chosen }
            if let user = auth.get(CustomerIdentity.self)?.user, let language = Language(rawValue: user.language) { return language }
            if let cookie = cookies[LanguageCookie.name]?.string, let language = Language(rawValue: cookie) { return language }
            return Language.preferred(acceptLanguage: headers.first(name: .acceptLanguage)) ?? application.kontor.config.defaultLanguage
        }
        set { storage[LanguageKey.self] = newValue }
    }

    /// A message from the catalogs in this request's language.
    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        application.kontor.localizer.text(key, language, arguments)
    }
}

/// `?lang=xx` on any page switches the language for visitors who are not signed in.
enum LanguageCookie {
    static let name = "kontor_lang"
}

struct LanguageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let code = request.query[String.self, at: "lang"], let language = Language(rawValue: code) else {
            return try await next.respond(to: request)
        }
        request.language = language
        let response = try await next.respond(to: request)
        response.cookies[LanguageCookie.name] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
