import Fluent
import Prometheus
import SQLKit
import Vapor

/// `GET /health` (with a database check) and `GET /metrics` (Prometheus text format).
struct SystemController {
    struct Health: Content {
        let status: String
        /// `ok`, `unreachable` (not even a read works), `read_only` (reads work, writes are refused) or `timeout` (no
        /// answer within `checkSeconds`: a lock held for long, such as a big import on SQLite, or a hung database).
        let database: String
    }

    /// How long the check waits for the database. A load balancer polls with a timeout of a few seconds; an answer that
    /// never comes tells it less than a quick 503.
    static let checkSeconds = 3.0

    func register(_ routes: any RoutesBuilder) {
        routes.get(.health, use: health)
        routes.get(.metrics, use: metrics)
    }

    /// 200 only when the database answers a read now and took a write within `DatabaseWriteProbe.interval`: a server
    /// that can show pages but not sign anyone in is not healthy, and a load balancer should route around it.
    func health(_ request: Request) async throws -> Response {
        let database: String
        let (db, probe, now) = (request.db, request.kontor.databaseWriteProbe, request.now)
        do {
            // The check goes on after the time is up (a statement cannot be interrupted); the probe shares it with the
            // next checks, so waiting ones do not pile up.
            let answer = try await Deadline.result(within: Self.checkSeconds) {
                _ = try await (db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
                return await probe.canWrite(on: db, now: now) ? "ok" : "read_only"
            }
            database = answer ?? "timeout"
        } catch {
            database = "unreachable"
        }
        let isHealthy = database == "ok"
        let response = Response(status: isHealthy ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: isHealthy ? "ok" : "degraded", database: database))
        return response
    }

    /// The request counts per route and status tell an outsider which routes exist and how often sign-ins fail, so
    /// they are for the monitoring system only: 404 to anyone else (`MetricsAccess`).
    func metrics(_ request: Request) async throws -> Response {
        guard MetricsAccess.allows(request, token: request.kontor.config.metricsToken) else { throw AppError.notFound }
        var buffer: [UInt8] = []
        KontorMetrics.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }
}

/// Who may read `/metrics`: with `KONTOR_METRICS_TOKEN` set, whoever sends it as a bearer token (Prometheus'
/// `authorization` setting); without it, only a scraper on the same machine, connected directly over loopback. Not a
/// request a reverse proxy forwarded (it carries a forwarding header, or comes from a trusted proxy), and not a private
/// network: a plain `proxy_pass`, a TCP balancer or a Kubernetes service hands the internet's requests over from a
/// private address without any header.
enum MetricsAccess {
    static func allows(_ request: Request, token: String?) -> Bool {
        if let token {
            guard let sent = request.headers.bearerAuthorization?.token else { return false }
            return SecretToken.constantTimeEquals(sent, token)
        }
        let forwarded: [HTTPHeaders.Name] = [.forwarded, .xForwardedFor, "X-Real-IP", "X-Forwarded-Host"]
        guard !forwarded.contains(where: { request.headers.contains(name: $0) }),
              let peer = request.remoteAddress?.ipAddress, let bytes = IPNetwork.bytes(of: peer),
              !request.application.kontor.config.trustedProxies.trusts(peer) else { return false }
        return loopback.contains { $0.contains(bytes) }
    }

    /// 127/8, ::1, and 127/8 mapped into IPv6 (a server listening on `::`).
    static let loopback: [IPNetwork] = ["127.0.0.0/8", "::1/128", "::ffff:127.0.0.0/104"].compactMap(IPNetwork.init)
}
