import Vapor

/// Media types are case-insensitive (RFC 9110 §8.3.1), but Vapor finds a body's decoder by a hash of the type as sent,
/// so `APPLICATION/JSON` found none (415). The type and subtype are lower-cased before anything decodes a body; the
/// parameters keep their case (a multipart boundary is case-sensitive).
struct MediaTypeCaseMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let type = request.headers.contentType, type.type != type.type.lowercased() || type.subType != type.subType.lowercased() {
            request.headers.contentType = HTTPMediaType(type: type.type.lowercased(), subType: type.subType.lowercased(), parameters: type.parameters)
        }
        return try await next.respond(to: request)
    }
}
