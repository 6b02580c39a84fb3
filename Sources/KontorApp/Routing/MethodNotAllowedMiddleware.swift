import Vapor

/// Answers 405 with `Allow` (RFC 9110 §15.5.6) when no route takes the request's method but a route serves its
/// path with another one — TRACE on `/api/v1/me`, say — instead of Vapor's 404, which would claim the path does not
/// exist. Paths no route serves still go on to the 404.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    /// The path patterns of the registered routes, each with the methods it answers (`HTTPMethod` is not Hashable).
    let patterns: [(path: [PathComponent], methods: Set<String>)]

    init(routes: [Route]) {
        var methodsByPath: [String: (path: [PathComponent], methods: Set<String>)] = [:]
        for route in routes {
            // Vapor's router ignores empty segments too.
            let path = route.path.filter { $0 != .constant("") }
            methodsByPath[path.string, default: (path, [])].methods.insert(route.method.rawValue)
        }
        patterns = Array(methodsByPath.values)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Vapor sets `route` before the middleware runs; nil means no route takes this method on this path.
        guard request.route == nil else { return try await next.respond(to: request) }
        let allowed = allowedMethods(forPath: request.path)
        guard !allowed.isEmpty else { return try await next.respond(to: request) }
        throw AppError.methodNotAllowed(allowed: allowed)
    }

    /// The methods some route answers on `path`, in a stable order; HEAD wherever GET is (Vapor routes it there).
    func allowedMethods(forPath path: String) -> [HTTPMethod] {
        let segments = path.split(separator: "/").map(String.init)
        var methods = Set<String>()
        for pattern in patterns where Self.matches(pattern.path, segments) { methods.formUnion(pattern.methods) }
        if methods.contains(HTTPMethod.GET.rawValue) { methods.insert(HTTPMethod.HEAD.rawValue) }
        return methods.sorted().map { HTTPMethod(rawValue: $0) }
    }

    static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return index < segments.count
            case .constant(let text): guard index < segments.count, segments[index] == text else { return false }
            case .parameter, .anything: guard index < segments.count else { return false }
            }
        }
        return pattern.count == segments.count
    }
}
