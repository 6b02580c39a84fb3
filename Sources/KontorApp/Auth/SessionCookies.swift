import Vapor

/// Cookie names and attributes (ASVS 3.3): `__Host-` prefix, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain.
/// Without TLS in local development the prefix and Secure are switched off by `KONTOR_SECURE_COOKIES=false`.
struct SessionCookies: Sendable {
    let secure: Bool

    var customer: String { secure ? "__Host-kontor_session" : "kontor_session" }
    var staff: String { secure ? "__Host-kontor_staff" : "kontor_staff" }
    var csrf: String { secure ? "__Host-kontor_csrf" : "kontor_csrf" }
    var device: String { secure ? "__Host-kontor_device" : "kontor_device" }

    func value(_ token: String, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: maxAge, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    var expired: HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

extension Request {
    var sessionCookies: SessionCookies { SessionCookies(secure: application.kontor.config.secureCookies) }
}
