import Vapor

/// The API reads JSON (and multipart for its one upload), as openapi.yaml says; any other form body is 415. Vapor's form
/// decoder had read one for any JSON operation, and a field given twice took its last value silently
/// (`expiresInDays=30&expiresInDays=366` made a year-long token), where the same in JSON or the query is 422: a proxy
/// or filter in front may check the first (security probe round 8). Pages keep their forms.
struct APIBodyTypesMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Only a body that is there: `curl -d ''` labels an empty one so, and the operations without a body take it.
        if request.isAPI, let type = request.headers.contentType, Self.isForm(type, path: request.url.path),
           request.headers.first(name: .contentLength).flatMap(Int.init).map({ $0 > 0 }) ?? request.headers.contains(name: .transferEncoding) {
            throw Abort(.unsupportedMediaType)
        }
        return try await next.respond(to: request)
    }

    /// A URL-encoded form anywhere, or a multipart form anywhere but the upload that takes one (`POST /identity-checks`):
    /// Vapor's multipart decoder, like its form decoder, let a field given twice take its last value (`role=user`, then
    /// `role=administrator`, made an administrator invitation — security probe round 9).
    static func isForm(_ type: HTTPMediaType, path: String) -> Bool {
        if type.type == "application", type.subType == "x-www-form-urlencoded" { return true }
        return type.type == "multipart" && type.subType == "form-data" && path != SiteRoute.api(.identityChecks).path
    }
}
