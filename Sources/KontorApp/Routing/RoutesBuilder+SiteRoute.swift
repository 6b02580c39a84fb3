import Vapor

extension RoutesBuilder {
    /// Registers `handler` for `method` on the path of `route`.
    @discardableResult
    func on<Output: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ route: SiteRoute, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Output
    ) -> Route {
        on(method, route.pathComponents, body: body, use: handler)
    }

    @discardableResult
    func get<Output: AsyncResponseEncodable>(_ route: SiteRoute, use handler: @Sendable @escaping (Request) async throws -> Output) -> Route {
        on(.GET, route, use: handler)
    }

    @discardableResult
    func post<Output: AsyncResponseEncodable>(_ route: SiteRoute, use handler: @Sendable @escaping (Request) async throws -> Output) -> Route {
        on(.POST, route, use: handler)
    }
}

extension Request {
    /// The UUID path parameter `name`; a malformed one is a 404, as for any unknown path.
    func id(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw AppError.notFound }
        return id
    }

    func redirect(to route: SiteRoute, notice: String? = nil) -> Response {
        redirect(to: route.path + (notice.map { "?notice=" + $0 } ?? ""), redirectType: .normal)
    }
}
