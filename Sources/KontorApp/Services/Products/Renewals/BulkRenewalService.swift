import Fluent
import Foundation
import KontorDomain

/// The renewals page's and the API's actions on several products of one organization at once: automatic renewal
/// and Renewal Warranty on or off, renew now, the billing address of the next renewal. Each product that refuses
/// is reported with its reason (`BulkRenewalRules`); the others are changed. Who may call it is the caller's check
/// (legal representatives and administrators).
struct BulkRenewalService {
    let db: any Database
    let renewer: ProductRenewer
    let today: String
    let now: Date

    struct Change: Sendable {
        var action: BulkRenewalAction
        var productIDs: [UUID]
        /// `billing_address`: the address, or nil for the organization's default.
        var billingAddressID: UUID? = nil
        /// `renew_now`: the form's key (or the API's `idempotencyKey`), so a second click renews nothing more.
        var requestKey: String? = nil
        /// `renew_now`: the expiry each product had where the customer decided (the page's row, the API's
        /// `expectedExpiries`); one that has moved since was renewed meanwhile and is left unchanged.
        var expectedExpiries: [UUID: String] = [:]
    }

    /// A form's or body's product id → expiry pairs; entries that are no product id are ignored.
    static func expiries(_ raw: [String: String]?) -> [UUID: String] {
        Dictionary((raw ?? [:]).compactMap { key, value in UUID(uuidString: key).map { ($0, value) } }, uniquingKeysWith: { first, _ in first })
    }

    struct Outcome: Sendable {
        var changed: [Product] = []
        var unchanged: [Product] = []
        var refused: [(Product, BulkRenewalRefusal)] = []
    }

    static let noneSelected = ValidationFailure([FieldError(field: "products", messageKey: "error.products.none_selected")])

    func apply(_ change: Change, in organizationID: UUID) async throws -> Outcome {
        guard !change.productIDs.isEmpty else { throw Self.noneSelected }
        guard change.productIDs.count <= 1_000 else { throw ValidationFailure([FieldError(field: "products", messageKey: "error.renewals.too_many")]) }
        // Renewing now costs an invoice: without a key a retried request would renew and invoice again.
        if change.action == .renewNow { _ = try OrderService.validKey(change.requestKey) }
        let wanted = Set(change.productIDs)
        let products = try await Product.query(on: db).filter(\.$id ~~ wanted).filter(\.$organization.$id == organizationID).all()
            .sorted(by: ProductService.listOrder)
        guard products.count == wanted.count else { throw AppError.notFound }
        if change.action == .billingAddress, let addressID = change.billingAddressID,
           try await BillingAddress.query(on: db).filter(\.$id == addressID).filter(\.$organization.$id == organizationID).count() == 0 {
            throw ValidationFailure([FieldError(field: "billingAddressID", messageKey: "error.billing.address_unknown")])
        }
        var outcome = Outcome()
        var toChange: [Product] = []
        for product in products {
            let item = BulkRenewalItem(state: product.status, offersRenewalWarranty: product.offersRenewalWarranty,
                                       suspensionReason: product.suspensionReason, isBundled: product.isBundledInSuite)
            if let refusal = BulkRenewalRules.refusal(change.action, for: item) {
                outcome.refused.append((product, refusal))
            } else if isAlready(product, change) {
                outcome.unchanged.append(product)
            } else {
                toChange.append(product)
            }
        }
        if change.action == .renewNow {
            for product in toChange {
                let id = try product.requireID()
                switch try await renewer.renew(id, of: product.$organization.id, kind: .manual, requestKey: change.requestKey, expectedExpiry: change.expectedExpiries[id], today: today,
                                               now: now) {
                case .renewed, .automaticRenewalUnpaid: outcome.changed.append(product)
                case .alreadyRenewed, .notDue: outcome.unchanged.append(product)
                case .refused(let reason): outcome.refused.append((product, reason))
                }
            }
            return outcome
        }
        let ids = try toChange.map { try $0.requireID() }
        if !ids.isEmpty {
            try await db.transaction { db in
                // Under the organization's lock, as the address's removal checks its products: the address is still there.
                try await db.lockForUpdate(Organization.self, id: organizationID)
                if change.action == .billingAddress, let addressID = change.billingAddressID,
                   try await BillingAddress.query(on: db).filter(\.$id == addressID).filter(\.$organization.$id == organizationID).count() == 0 {
                    throw ValidationFailure([FieldError(field: "billingAddressID", messageKey: "error.billing.address_unknown")])
                }
                let query = Product.query(on: db).filter(\.$id ~~ ids)
                switch change.action {
                case .automaticRenewalOn, .automaticRenewalOff:
                    try await query.set(\.$automaticRenewal, to: change.action == .automaticRenewalOn).set(\.$automaticRenewalFailedOn, to: nil).update()
                case .renewalWarrantyOn, .renewalWarrantyOff: try await query.set(\.$renewalWarranty, to: change.action == .renewalWarrantyOn).update()
                case .billingAddress: try await query.set(\.$billingAddress.$id, to: change.billingAddressID).update()
                case .renewNow: break
                }
            }
        }
        outcome.changed = toChange
        return outcome
    }

    private func isAlready(_ product: Product, _ change: Change) -> Bool {
        switch change.action {
        case .automaticRenewalOn: product.automaticRenewal
        case .automaticRenewalOff: !product.automaticRenewal
        case .renewalWarrantyOn: product.renewalWarranty
        case .renewalWarrantyOff: !product.renewalWarranty
        case .billingAddress: product.$billingAddress.id == change.billingAddressID
        case .renewNow: false
        }
    }
}
