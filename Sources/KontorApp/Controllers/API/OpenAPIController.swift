import Foundation
import Vapor

/// Serves the API contract, `openapi.yaml`, which a test checks against the registered routes.
struct OpenAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.get(.api(.openAPI), use: document)
    }

    func document(_ request: Request) async throws -> Response {
        guard let data = BundledResources.data("openapi.yaml") else { throw AppError.notFound }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
