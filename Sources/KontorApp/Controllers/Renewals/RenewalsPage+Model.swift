import Foundation
import KontorDomain
import Vapor

/// The renewals page ("gestión de las renovaciones"): every product of the organization with its state, expiry,
/// automatic renewal, Renewal Warranty and the address its next renewal is invoiced to.
struct RenewalsPage: Encodable {
    struct Row: Encodable {
        let id: String
        let name: String
        let kind: String
        let path: String
        let state: String
        let stateLabel: String
        /// `2027-01-16`, as the form sends it back (`seen[…]`); `expiresOnShown` as the reader's language writes it.
        let expiresOn: String
        let expiresOnShown: String
        let automaticRenewal: Bool
        let renewalWarranty: Bool
        let offersRenewalWarranty: Bool
        let billingAddress: String
    }
    struct Choice: Encodable {
        let value: String
        let label: String
    }
    let layout: LayoutModel
    let rows: [Row]
    let canManage: Bool
    let action: String
    let settingsAction: String
    let productsPath: String
    let reminderDays: String
    let addresses: [Choice]
    /// A new key per rendering: "renew now" sent twice with it renews once.
    let requestKey: String
    var report: [String] = []
    var refusals: [String] = []
    var error: String? = nil
    var settingsError: String? = nil

    static func rows(_ products: [Product], addresses: [BillingAddress], organizationID: UUID, _ request: Request) -> [Row] {
        let byID = Dictionary(addresses.compactMap { address in address.id.map { ($0, address) } }, uniquingKeysWith: { first, _ in first })
        let fallback = addresses.first { $0.isDefault }
        return products.map { product in
            let address = product.$billingAddress.id.flatMap { byID[$0] } ?? fallback
            return Row(id: product.id!.uuidString, name: product.name, kind: ProductView.kindLabel(product, request),
                       path: SiteRoute.organizationProduct(organizationID, product: product.id!).path, state: product.status.rawValue,
                       stateLabel: request.t("products.status.\(product.status.rawValue)"), expiresOn: product.expiresOn, expiresOnShown: DayFormatting.format(product.expiresOn, request.language),
                       automaticRenewal: product.automaticRenewal, renewalWarranty: product.renewalWarranty,
                       offersRenewalWarranty: product.offersRenewalWarranty,
                       billingAddress: address.map { request.lines(of: $0).first ?? "" } ?? request.t("renewals.no_address"))
        }
    }
}
