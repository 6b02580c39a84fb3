import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/staff/catalog`: the catalog for the provider's systems, with a staff token (administrators and the
/// billing role). The same service as the staff page; every change is in the audit trail with the token's member.
struct StaffCatalogAPIController {
    func register(_ billing: any RoutesBuilder) {
        billing.get(.api(.staffCatalog), use: list)
        billing.post(.api(.staffCatalog), use: create)
        billing.get(.api(.staffCatalogItem(SiteRoute.anyID)), use: show)
        billing.on(.PATCH, .api(.staffCatalogItem(SiteRoute.anyID)), use: change)
        billing.post(.api(.staffCatalogItemPrices(SiteRoute.anyID)), use: addPrice)
    }

    func list(_ request: Request) async throws -> APIModels.List<APIModels.CatalogItem> {
        let service = self.service(request)
        let today = request.kontor.config.billing.day(of: request.now)
        return .init(items: try await service.items().map { APIModels.catalogItem($0, schedule: service.schedule(of: $0), today: today, history: true) })
    }

    func show(_ request: Request) async throws -> APIModels.CatalogItem {
        try answer(request, try await service(request).item(try request.id("itemID")))
    }

    /// 201 with the item and its first prices.
    func create(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.CatalogItemInput.self)
        let item = try await service(request).create(APIModels.itemInput(body), prices: (body.prices ?? []).map(APIModels.priceInput),
                                                     staffID: staff.id, now: request.now) { db, item in
            try await request.record(.catalogChanged, staff: staff.id, detail: "created \(item.kindRaw) “\(item.name)” (staff API)", on: db)
        }
        return try await answer(request, item).encodeResponse(status: .created, for: request)
    }

    /// The fields present change; `kind` cannot.
    func change(_ request: Request) async throws -> APIModels.CatalogItem {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.CatalogItemInput.self)
        let service = self.service(request)
        let item = try await service.item(try request.id("itemID"))
        let current = APIModels.CatalogItemInput(kind: item.kindRaw, name: item.name, periodMonths: item.periods.map(\.months), vatRate: item.vatRateName,
                                                 domainExtension: item.domainExtension, suiteUsers: item.suiteUsers, suiteStorageGB: item.suiteStorageGB,
                                                 supportTier: item.supportTier)
        let merged = APIModels.CatalogItemInput(kind: body.kind ?? current.kind, name: body.name ?? current.name, periodMonths: body.periodMonths ?? current.periodMonths,
                                                vatRate: body.vatRate ?? current.vatRate, domainExtension: body.domainExtension ?? current.domainExtension,
                                                suiteUsers: body.suiteUsers ?? current.suiteUsers, suiteStorageGB: body.suiteStorageGB ?? current.suiteStorageGB,
                                                supportTier: body.supportTier ?? current.supportTier)
        let before = "\(item.name) [\(item.periodMonths)] \(item.vatRateName)"
        let updated = try await service.update(item, APIModels.itemInput(merged), isOrderable: body.isOrderable ?? item.isOrderable, now: request.now) { db in
            try await request.record(.catalogChanged, staff: staff.id, detail: "changed “\(before)” (staff API)", on: db)
        }
        return try answer(request, updated)
    }

    /// 201 with the item and its prices; a price from a day already taken for that period and currency is a 422.
    func addPrice(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.CatalogPriceInput.self)
        let service = self.service(request)
        let item = try await service.item(try request.id("itemID"))
        do {
            _ = try await service.addPrice(to: item, APIModels.priceInput(body), staffID: staff.id, now: request.now) { db in
                try await request.record(.catalogChanged, staff: staff.id, detail: "price of “\(item.name)” (staff API)", on: db)
            }
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["period": "periodMonths", "currency": "price.currency", "amount": "price.amountMinor"])
        }
        return try await answer(request, try await service.item(try item.requireID())).encodeResponse(status: .created, for: request)
    }

    private func answer(_ request: Request, _ item: CatalogItem) throws -> APIModels.CatalogItem {
        APIModels.catalogItem(item, schedule: service(request).schedule(of: item), today: request.kontor.config.billing.day(of: request.now), history: true)
    }

    private func service(_ request: Request) -> CatalogService { CatalogService(db: request.db, config: request.kontor.config.billing) }
}
