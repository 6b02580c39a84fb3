import Vapor

extension Request {
    private struct PathKey: StorageKey { typealias Value = String }

    /// `url.path`, worked out once per request. Vapor's getter rebuilds it through Foundation's `URLComponents` and
    /// an `NSString` replacement on every call, and one signed-in page asks about twenty times (the language of every
    /// text, the CSRF token, the security headers, the layout): a profile of the products page under load put 6 % of
    /// its CPU time there. Kontor never rewrites a request's URL after routing, so the first answer stays right.
    var path: String {
        if let known = storage[PathKey.self] { return known }
        let path = url.path
        storage[PathKey.self] = path
        return path
    }
}
