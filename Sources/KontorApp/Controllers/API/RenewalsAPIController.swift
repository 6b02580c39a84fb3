import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/renewals`: the renewals page as JSON — every product with its state and renewal
/// settings, one action on several products at once (each refusal named with its reason), and the reminder days.
/// Every member reads; legal representatives and administrators act. Behind `OrganizationScope`.
struct RenewalsAPIController {
    struct Item: Content {
        let id: UUID
        let name: String
        let kind: String
        /// `pending`, `active`, `grace`, `suspended` or `deleted`.
        let state: String
        /// The day it expires unless renewed, `YYYY-MM-DD`.
        let expiresOn: String
        let automaticRenewal: Bool
        /// Null for a product that does not offer it.
        let renewalWarranty: Bool?
        let billingAddressID: UUID?
    }
    struct ActionBody: Content {
        var action: String?
        var products: [UUID]?
        var billingAddressID: UUID?
        var idempotencyKey: String?
        /// `renew_now`: product id → the expiry (`YYYY-MM-DD`) the client decided on; a product whose expiry has
        /// moved since is left unchanged.
        var expectedExpiries: [String: String]?
    }
    struct Refusal: Content {
        let product: UUID
        let reason: String
        let message: String
    }
    struct ActionResult: Content {
        let changed: [UUID]
        let unchanged: [UUID]
        let refused: [Refusal]
    }
    struct Settings: Content {
        var reminderDays: [Int]?
    }

    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationRenewals(SiteRoute.anyID)), use: list)
        scoped.post(.api(.organizationRenewals(SiteRoute.anyID)), use: act)
        scoped.get(.api(.organizationRenewalSettings(SiteRoute.anyID)), use: settings)
        scoped.on(.PUT, .api(.organizationRenewalSettings(SiteRoute.anyID)), use: changeSettings)
    }

    func list(_ request: Request) async throws -> APIModels.List<Item> {
        let products = try await ProductService(db: request.db).products(of: try request.membership().$organization.id)
        return .init(items: products.map { product in
            Item(id: product.id!, name: product.name, kind: product.kindRaw, state: product.status.rawValue, expiresOn: product.expiresOn,
                 automaticRenewal: product.automaticRenewal, renewalWarranty: product.offersRenewalWarranty ? product.renewalWarranty : nil,
                 billingAddressID: product.$billingAddress.id)
        })
    }

    func act(_ request: Request) async throws -> ActionResult {
        let membership = try request.managingMembership()
        let body = try request.content.decode(ActionBody.self)
        guard let action = body.action.flatMap(BulkRenewalAction.init(rawValue:)) else {
            throw ValidationFailure([FieldError(field: "action", messageKey: body.action == nil ? "error.required" : "error.renewals.action")])
        }
        let now = request.kontor.clock.now()
        let outcome: BulkRenewalService.Outcome
        do {
            outcome = try await BulkRenewalService(db: request.db, renewer: request.application.productRenewer,
                                                   today: request.kontor.config.billing.day(of: now), now: now)
                .apply(.init(action: action, productIDs: body.products ?? [], billingAddressID: body.billingAddressID,
                             requestKey: action == .renewNow ? body.idempotencyKey ?? request.headers.first(name: "Idempotency-Key") : nil,
                             expectedExpiries: BulkRenewalService.expiries(body.expectedExpiries)), in: membership.$organization.id)
        } catch let failure as ValidationFailure { throw failure.inAPIWords }
        return ActionResult(changed: outcome.changed.compactMap(\.id), unchanged: outcome.unchanged.compactMap(\.id),
                            refused: outcome.refused.map { Refusal(product: $0.0.id!, reason: $0.1.rawValue,
                                                                   message: RenewalsController.refusal($0.0, $0.1, request)) })
    }

    func settings(_ request: Request) async throws -> Settings {
        let organization = try await request.membership().$organization.get(on: request.db)
        return Settings(reminderDays: organization.renewalReminderDays.days)
    }

    func changeSettings(_ request: Request) async throws -> Settings {
        let membership = try request.managingMembership()
        guard let days = try request.content.decode(Settings.self).reminderDays else {
            throw ValidationFailure([FieldError(field: "reminderDays", messageKey: "error.required")])
        }
        let parsed = try RenewalReminderDays.parse(days.map(String.init).joined(separator: ",")).get()
        try await Organization.query(on: request.db).filter(\.$id == membership.$organization.id)
            .set(\.$renewalReminderDaysRaw, to: parsed.description).update()
        return Settings(reminderDays: parsed.days)
    }
}
