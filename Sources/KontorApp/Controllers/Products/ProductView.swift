import Foundation
import KontorDomain
import Vapor

/// How a product is shown, to customers and to support staff alike: what it is, when it renews, its settings.
struct ProductView: Encodable {
    let id: String
    let name: String
    let kind: String
    let renewsAt: Date
    /// The renewal day as the reader's language writes it (`DayFormatting`), for the product's own page.
    let renewsOn: String
    /// Ordered and waiting for its invoice to be paid: no renewal date yet.
    let isPending: Bool
    /// `ProductState`'s raw value and its label in the reader's language.
    let state: String
    let stateLabel: String
    let renewalWarranty: Bool
    let offersRenewalWarranty: Bool
    let hasMySQLPrefix: Bool
    /// `wxyz_`, for hosting: what the server's database and user names start with. The option itself is each site's.
    let mysqlNamePrefix: String?
    /// The page to open it: the customer's product page or, for staff, the product under their grant.
    let path: String

    init(_ product: Product, path: String, _ request: Request) {
        self.init(product, id: product.id, path: path, request)
    }

    init(_ product: ProductRow, path: String, _ request: Request) {
        self.init(product, id: product.id, path: path, request)
    }

    private init(_ product: some ProductFacts, id: UUID?, path: String, _ request: Request) {
        self.id = id?.uuidString ?? ""
        name = product.name
        kind = Self.kindLabel(product, request)
        renewsAt = product.renewsAt
        renewsOn = DayFormatting.format(product.expiresOn, request.language)
        isPending = product.isPending
        state = product.status.rawValue
        stateLabel = request.t("products.status.\(product.status.rawValue)")
        renewalWarranty = product.renewalWarranty
        offersRenewalWarranty = product.offersRenewalWarranty
        let prefix = product.hasMySQLPrefixOption ? product.serverPrefix : nil
        hasMySQLPrefix = prefix != nil
        mysqlNamePrefix = prefix?.namePrefix
        self.path = path
    }

    static func kindLabel(_ product: some ProductFacts, _ request: Request) -> String {
        product.kind.map { request.t("product.kind.\($0.rawValue)") } ?? product.kindRaw
    }
}
