import Metrics
import Prometheus
import Vapor

/// The process-wide Prometheus registry. swift-metrics can be bootstrapped once per process, so tests that
/// build many applications share it.
enum KontorMetrics {
    static let registry = PrometheusCollectorRegistry()

    private static let bootstrapOnce: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()

    static func bootstrap() { _ = bootstrapOnce }
}

/// Counts requests and measures their duration by route pattern (never by raw path, to keep cardinality low).
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        Counter(label: "kontor_http_requests_total", dimensions: dimensions).increment()
        let elapsed = ContinuousClock.now - start
        Timer(label: "kontor_http_request_duration_seconds", dimensions: [("route", route)])
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }
}
