import Fluent
import Foundation
import KontorDomain
import Vapor

/// The catalog in the staff console (issue 13 §1): items of each kind with their billing periods, VAT rate and
/// prices per period and currency. A price change is a new price from a day on; what was ordered keeps its price.
/// Administrators and the billing role; every change is in the staff audit trail (security log) with who made it.
struct StaffCatalogController {
    struct ItemForm: Content {
        var kind: String?
        var name: String?
        var periods: [String]?
        var vat_rate: String?
        var domain_extension: String?
        var suite_users: String?
        var suite_storage_gb: String?
        var support_tier: String?
        var is_orderable: String?
        var price_period: String?
        var price_currency: String?
        var price_amount: String?
        /// The item's version the edit form was shown with.
        var version: String?

        var input: CatalogItemSpec.Input {
            .init(kind: kind, name: name, periods: periods ?? [], vatRate: vat_rate, domainExtension: domain_extension,
                  suiteUsers: suite_users, suiteStorageGB: suite_storage_gb, supportTier: support_tier)
        }

        var values: [String: String] {
            ["kind": kind ?? "", "name": name ?? "", "vat_rate": vat_rate ?? "", "domain_extension": domain_extension ?? "", "suite_users": suite_users ?? "",
             "suite_storage_gb": suite_storage_gb ?? "", "support_tier": support_tier ?? "", "price_amount": price_amount ?? "",
             // Ticked boxes and chosen options come back too, or a fixed error would save the defaults instead.
             "periods": (periods ?? []).joined(separator: ","), "price_period": price_period ?? "", "price_currency": price_currency ?? ""]
        }
    }
    struct PriceForm: Content {
        var period: String?
        var currency: String?
        var amount: String?
        var effective_on: String?
    }

    /// Form fields by the API's names, so one set of messages serves both.
    static let formFields = ["vatRate": "vat_rate", "domainExtension": "domain_extension", "suiteUsers": "suite_users", "suiteStorageGB": "suite_storage_gb",
                             "supportTier": "support_tier", "prices[0].period": "price_period", "prices[0].currency": "price_currency",
                             "prices[0].amount": "price_amount", "prices[0].effectiveOn": "price_amount", "effectiveOn": "effective_on"]

    func register(_ billing: any RoutesBuilder) {
        billing.get(.staffCatalog, use: list)
        billing.post(.staffCatalog, use: create)
        billing.get(.staffCatalogItem(SiteRoute.anyID), use: show)
        billing.post(.staffCatalogItem(SiteRoute.anyID), use: update)
        billing.post(.staffCatalogPrices(SiteRoute.anyID), use: addPrice)
    }

    func list(_ request: Request) async throws -> View {
        try await StaffCatalogPages.renderList(request, form: FormState())
    }

    func create(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(ItemForm.self)
        let prices: [CatalogPrice.Input] = (form.price_amount ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? [] :
            [.init(period: form.price_period, currency: form.price_currency, amount: form.price_amount, effectiveOn: nil)]
        do {
            let item = try await service(request).create(form.input, prices: prices, staffID: staff.id, now: request.now) { db, item in
                try await request.record(.catalogChanged, staff: staff.id, detail: "created \(item.kindRaw) “\(item.name)”", on: db)
            }
            return request.redirect(to: .staffCatalogItem(try item.requireID()), notice: "catalog_item_created")
        } catch let failure as ValidationFailure {
            return try await StaffCatalogPages.renderList(request, form: FormState(failure: failure.renamingFields(Self.formFields), values: form.values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func show(_ request: Request) async throws -> View {
        let item = try await service(request).item(try request.id("itemID"))
        return try await StaffCatalogPages.renderItem(request, item, itemForm: FormState(), priceForm: FormState())
    }

    /// Saves the edit form, which carries the version it was shown with: a change saved by someone else meanwhile is
    /// said on the page (409), which then shows the item as it is now.
    func update(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(ItemForm.self)
        let id = try request.id("itemID")
        let input = form.input, isOrderable = FormSwitch.isTicked(form.is_orderable)
        do {
            guard let version = form.version.flatMap({ Int($0) }) else { throw ValidationFailure([FieldError(field: "version", messageKey: "error.required")]) }
            let updated = try await service(request).update(id, expectedVersions: [version], now: request.now, change: { _ in (input, isOrderable) }) { db, before, item in
                try await request.record(.catalogChanged, staff: staff.id, detail: "changed \(item.kindRaw) “\(before)” to “\(item.auditSummary)”", on: db)
            }
            return request.redirect(to: .staffCatalogItem(try updated.requireID()), notice: "catalog_item_saved")
        } catch let failure as ValidationFailure {
            return try await StaffCatalogPages.renderItem(request, try await service(request).item(id),
                                                          itemForm: FormState(failure: failure.renamingFields(Self.formFields), values: form.values, request: request),
                                                          priceForm: FormState()).encodeResponse(status: .unprocessableEntity, for: request)
        } catch AppError.conflict(let key, let arguments) {
            return try await StaffCatalogPages.renderItem(request, try await service(request).item(id),
                                                          itemForm: FormState(message: request.t(key, arguments), values: form.values), priceForm: FormState())
                .encodeResponse(status: .conflict, for: request)
        }
    }

    func addPrice(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(PriceForm.self)
        let item = try await service(request).item(try request.id("itemID"))
        do {
            let input = CatalogPrice.Input(period: form.period, currency: form.currency, amount: form.amount, effectiveOn: form.effective_on)
            let replacedPrice = ReplacedPrice()
            _ = try await service(request).addPrice(to: item, input, staffID: staff.id, now: request.now) { db, replaced in
                replacedPrice.amount = replaced
                try await request.record(.catalogChanged, staff: staff.id, detail: "price of “\(item.name)”: \(form.period ?? "") months \(form.currency ?? "") \(form.amount ?? "") from \(form.effective_on ?? "today")"
                                         + (replaced.map { ", replacing \($0)" } ?? ""), on: db)
            }
            return request.redirect(to: .staffCatalogItem(try item.requireID()), notice: replacedPrice.amount == nil ? "catalog_price_added" : "catalog_price_replaced")
        } catch let failure as ValidationFailure {
            return try await StaffCatalogPages.renderItem(request, item, itemForm: FormState(),
                                                          priceForm: FormState(failure: failure.renamingFields(Self.formFields), values: ["amount": form.amount ?? "", "effective_on": form.effective_on ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func service(_ request: Request) -> CatalogService { CatalogService(db: request.db, config: request.kontor.config.billing) }
}

/// Whether adding a price replaced one of the same day, told from inside the transaction's audit.
private final class ReplacedPrice: @unchecked Sendable {
    var amount: Money?
}
