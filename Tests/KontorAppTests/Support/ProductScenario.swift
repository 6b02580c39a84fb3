import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// The products a provider would have provisioned for an organization (Kontor has no ordering yet): a web
    /// hosting on server prefix `wxyz` with the MySQL prefix option on, a domain and a NAS.
    struct Products {
        let hosting: Product
        let domain: Product
        let nas: Product
    }

    static func products(_ app: Application, in organization: Organization, site: String = "ana.example") async throws -> Products {
        let now = app.kontor.clock.now()
        func make(_ kind: ProductKind, _ name: String, days: Double) async throws -> Product {
            let product = Product(organizationID: organization.id!, kind: kind, name: name, renewsAt: now.addingTimeInterval(days * 86_400),
                                  createdAt: now, mysqlServerPrefix: kind == .webHosting ? MySQLServerPrefix("wxyz") : nil, mysqlPrefixEnabled: true)
            try await product.create(on: app.db)
            return product
        }
        return Products(hosting: try await make(.webHosting, site, days: 30), domain: try await make(.domain, site, days: 60),
                        nas: try await make(.nasSynology, "NAS office", days: 90))
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
