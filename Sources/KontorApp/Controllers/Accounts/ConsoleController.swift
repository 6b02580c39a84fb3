import Fluent
import Vapor

/// The console's start page: the current organization at a glance.
struct ConsoleController {
    struct ConsolePage: Encodable {
        let layout: LayoutModel
        let organizationName: String?
        let role: String?
        let memberCount: Int
        let supportCode: String
        let membersPath: String?
        /// The current organization's products, the next to renew first.
        let products: [ProductView]
        let productsPath: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.console, use: show)
        routes.get(.consolePage(""), use: go)
    }

    /// `/console/go/<page>`, where a help guide's `console:products` points: that page of the organization the reader
    /// is working in (the organizations list when she belongs to none).
    func go(_ request: Request) async throws -> Response {
        _ = try request.customer()
        guard let page = request.parameters.get("page").flatMap({ SiteRoute.organizationPages[$0] }) else { throw AppError.notFound }
        guard let current = request.currentMembership(among: try await request.ownMemberships()) else { return request.redirect(to: .organizations) }
        return request.redirect(to: page(current.$organization.id))
    }

    func show(_ request: Request) async throws -> View {
        let identity = try request.customer()
        let current = request.currentMembership(among: try await request.ownMemberships())
        var count = 0
        var products: [ProductView] = []
        if let current {
            let organizationID = current.$organization.id
            count = try await Membership.query(on: request.db).filter(\.$organization.$id == organizationID).count()
            products = try await ProductService(db: request.db).rows(of: organizationID).sorted { $0.renewsAt < $1.renewsAt }
                .map { ProductView($0, path: SiteRoute.organizationProduct(organizationID, product: $0.id).path, request) }
        }
        return try await request.view.render("Accounts/Console", ConsolePage(
            layout: await request.layout(title: request.t("console.title")), organizationName: current?.organization.name,
            role: current.map { request.t("role.\($0.role.rawValue)") }, memberCount: count,
            supportCode: SupportCodeFormatting.formatted(identity.user.supportCode),
            membersPath: current.map { SiteRoute.organizationMembers($0.$organization.id).path },
            products: products, productsPath: current.map { SiteRoute.organizationProducts($0.$organization.id).path }))
    }
}

enum SupportCodeFormatting {
    static func formatted(_ code: String) -> String {
        code.count == 8 ? String(code.prefix(4)) + " " + String(code.suffix(4)) : code
    }
}
