import Fluent
import KontorDomain
import Vapor

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language this request is answered in. Pages: the `kontor_lang` cookie (a language picked in the footer), else
    /// the signed-in user's, else `Accept-Language`, else the configured default. The footer's pick is the browser's;
    /// the profile's language (its form) is the account's, which e-mails use. The API, which ignores cookies: `Accept-Language` when it
    /// names one of Kontor's languages (a script asks for the language it parses), else the user's, else the default.
    var language: Language {
        get {
            if let chosen = storage[LanguageKey.self] { return chosen }
            if isAPI {
                if let asked = Language.preferred(acceptLanguage: headers.first(name: .acceptLanguage)) { return asked }
                if let user = auth.get(CustomerIdentity.self)?.user, let language = Language(rawValue: user.language) { return language }
                return application.kontor.config.defaultLanguage
            }
            if let cookie = cookies[LanguageCookie.name]?.string, let language = Language(rawValue: cookie) { return language }
            if let user = auth.get(CustomerIdentity.self)?.user, let language = Language(rawValue: user.language) { return language }
            return Language.preferred(acceptLanguage: headers.first(name: .acceptLanguage)) ?? application.kontor.config.defaultLanguage
        }
        set { storage[LanguageKey.self] = newValue }
    }

    /// A `User-Agent` as a customer reads it: "Firefox on Windows" in her language (`DeviceDescription`).
    func device(_ userAgent: String) -> String {
        let device = DeviceDescription(userAgent: userAgent)
        switch (device.browser, device.platform) {
        case let (browser?, platform?): return t("device.browser_on_platform", ["browser": browser, "platform": platform])
        case let (browser?, nil): return browser
        case let (nil, platform?): return platform
        case (nil, nil): return t("device.unknown")
        }
    }

    /// A message from the catalogs in this request's language.
    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        texts(key, arguments)
    }

    /// The catalog in this request's language, the language resolved once: for markup written in Swift that
    /// translates dozens of texts (`PageFrame`), where resolving it per text was a noticeable part of the page.
    var texts: Texts { Texts(localizer: application.kontor.localizer, language: language) }
}

/// `request.t` with the language fixed: `let t = request.texts; t("products.title")`.
struct Texts {
    let localizer: Localizer
    let language: Language

    func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        localizer.text(key, language, arguments)
    }
}

/// `?lang=xx` on any page (the footer's language links) switches the language: for visitors in a cookie, for a
/// signed-in customer in her profile too, so it sticks on every page and in her e-mails (issue 11 §2).
enum LanguageCookie {
    static let name = "kontor_lang"

    static func value(_ language: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: language, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
    }
}

struct LanguageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Most requests have no query at all: decoding one costs more than looking (1 % of a page in a profile).
        guard request.url.query?.contains("lang=") == true,
              let code = request.query[String.self, at: "lang"], let language = Language(rawValue: code) else {
            return try await next.respond(to: request)
        }
        request.language = language
        // The browser's choice only (a cookie): a link is a GET, and a GET changes nothing of the account. It had
        // rewritten the profile's language, so a link from another site chose the language of the customer's e-mails,
        // security notices included (security probe round 8). The profile's form changes that.
        let response = try await next.respond(to: request)
        // The API ignores the cookie (`Accept-Language` and the profile decide there): none is set from it.
        guard !request.isAPI else { return response }
        response.cookies[LanguageCookie.name] = LanguageCookie.value(language.rawValue)
        return response
    }
}
