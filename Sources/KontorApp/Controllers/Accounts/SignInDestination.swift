import KontorDomain
import Vapor

/// Where a sign-in goes on to (`next`, carried from the page that asked for it through the second-factor step): a
/// page this application serves, never another site. The value must be a plain local path (`LocalRedirectPath`) and
/// match a GET route outside the JSON API; anything else is dropped, and the sign-in lands on the console.
enum SignInDestination {
    static func accepted(_ next: String?, routes: [Route]) -> String? {
        guard let segments = LocalRedirectPath.segments(of: next), segments.first != "api" else { return nil }
        let isPage = routes.contains { route in
            route.method == .GET && MethodNotAllowedMiddleware.matches(route.path.filter { $0 != .constant("") }, segments)
        }
        return isPage ? next : nil
    }
}

extension Request {
    /// `next` if a sign-in may go on to it (`SignInDestination`), else nil.
    func signInDestination(_ next: String?) -> String? {
        SignInDestination.accepted(next, routes: application.routes.all)
    }
}
