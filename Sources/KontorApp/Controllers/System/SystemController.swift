import Fluent
import Prometheus
import SQLKit
import Vapor

/// `GET /health` (with a database check) and `GET /metrics` (Prometheus text format).
struct SystemController {
    struct Health: Content {
        let status: String
        let database: String
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.health, use: health)
        routes.get(.metrics, use: metrics)
    }

    func health(_ request: Request) async throws -> Response {
        let databaseOK: Bool
        do {
            _ = try await (request.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
            databaseOK = true
        } catch {
            databaseOK = false
        }
        let response = Response(status: databaseOK ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: databaseOK ? "ok" : "degraded", database: databaseOK ? "ok" : "unreachable"))
        return response
    }

    func metrics(_ request: Request) async throws -> Response {
        var buffer: [UInt8] = []
        KontorMetrics.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }
}
