import Fluent
import Prometheus
import SQLKit
import Vapor

/// `GET /health` (with a database check) and `GET /metrics` (Prometheus text format).
struct SystemController {
    struct Health: Content {
        let status: String
        /// `ok`, `unreachable` (not even a read works) or `read_only` (reads work, writes are refused).
        let database: String
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.health, use: health)
        routes.get(.metrics, use: metrics)
    }

    /// 200 only when the database answers a read now and took a write within `DatabaseWriteProbe.interval`: a server
    /// that can show pages but not sign anyone in is not healthy, and a load balancer should route around it.
    func health(_ request: Request) async throws -> Response {
        let database: String
        do {
            _ = try await (request.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
            database = await request.kontor.databaseWriteProbe.canWrite(on: request.db, now: request.now) ? "ok" : "read_only"
        } catch {
            database = "unreachable"
        }
        let isHealthy = database == "ok"
        let response = Response(status: isHealthy ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: isHealthy ? "ok" : "degraded", database: database))
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
