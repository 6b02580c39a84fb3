import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// The products a provider would have provisioned for an organization (Kontor has no ordering yet): a web
    /// hosting on server prefix `wxyz` whose site (named like it) was migrated from an older offer, so its MySQL prefix
    /// option is on, with the database `mabase` and the user `monuser`; a domain and a NAS.
    struct Products {
        let hosting: Product
        let domain: Product
        let nas: Product
        let site: HostingSite
    }

    static func products(_ app: Application, in organization: Organization, site: String = "ana.example") async throws -> Products {
        let now = app.kontor.clock.now()
        func make(_ kind: ProductKind, _ name: String, days: Double) async throws -> Product {
            let product = Product(organizationID: organization.id!, kind: kind, name: name, renewsAt: now.addingTimeInterval(days * 86_400),
                                  createdAt: now, mysqlServerPrefix: kind == .webHosting ? MySQLServerPrefix("wxyz") : nil)
            try await product.create(on: app.db)
            return product
        }
        let hosting = try await make(.webHosting, site, days: 30)
        try await HostingProvisioning(db: app.db).add(.init(migratedSites: [site], databases: ["mabase"], databaseUsers: ["monuser"]), to: hosting,
                                                      offered: app.kontor.config.phpVersions, now: now)
        let stored = try #require(try await HostingSite.query(on: app.db).filter(\.$domainName == site).with(\.$product).first())
        return Products(hosting: hosting, domain: try await make(.domain, site, days: 60), nas: try await make(.nasSynology, "NAS office", days: 90),
                        site: stored)
    }
}

extension Browser {
    /// Posts a form whose fields may repeat (`products[]` once per ticked box), with the anti-forgery token.
    @discardableResult
    func post(_ path: String, pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        let token = try await csrfToken(page: path.hasPrefix("/staff") ? SiteRoute.staffSignIn.path : SiteRoute.signUp.path)
        let body = ([("_csrf", token)] + pairs).map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, body: ByteBuffer(string: body), headers: headers)
    }
}
