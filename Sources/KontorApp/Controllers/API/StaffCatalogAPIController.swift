import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/staff/catalog`: the catalog for the provider's systems, with a staff token (administrators and the
/// billing role). The same service as the staff page; every change is in the audit trail with the token's member.
/// An item answers with its version as `ETag`; a change sent with `If-Match` is refused (409) once the item changed.
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

    func show(_ request: Request) async throws -> Response {
        try await answer(request, try await service(request).item(try request.id("itemID")))
    }

    /// 201 with the item and its first prices.
    func create(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.CatalogItemInput.self)
        let item: CatalogItem
        do {
            item = try await service(request).create(APIModels.itemInput(body), prices: (body.prices ?? []).map(APIModels.priceInput),
                                                     staffID: staff.id, now: request.now) { db, item in
                try await request.record(.catalogChanged, staff: staff.id, detail: "created \(item.kindRaw) “\(item.name)” (staff API)", on: db)
            }
        } catch let failure as ValidationFailure {
            throw failure.inCatalogAPIWords
        }
        return try await answer(request, item, status: .created)
    }

    /// The fields present change, merged into the item as stored when the change is made; `kind` cannot change.
    func change(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.CatalogItemInput.self)
        do {
            let updated = try await service(request).update(try request.id("itemID"), expectedVersions: Self.versions(ifMatch: request.headers),
                                                            now: request.now, change: { item in
                let merged = APIModels.CatalogItemInput(kind: body.kind ?? item.kindRaw, name: body.name ?? item.name,
                                                        periodMonths: body.periodMonths ?? item.periods.map(\.months), vatRate: body.vatRate ?? item.vatRateName,
                                                        domainExtension: body.domainExtension ?? item.domainExtension, suiteUsers: body.suiteUsers ?? item.suiteUsers,
                                                        suiteStorageGB: body.suiteStorageGB ?? item.suiteStorageGB, supportTier: body.supportTier ?? item.supportTier)
                return (APIModels.itemInput(merged), body.isOrderable ?? item.isOrderable)
            }) { db, before, _ in
                try await request.record(.catalogChanged, staff: staff.id, detail: "changed “\(before)” (staff API)", on: db)
            }
            return try await answer(request, updated)
        } catch let failure as ValidationFailure {
            throw failure.inCatalogAPIWords
        }
    }

    /// The versions an `If-Match` header accepts (RFC 9110 §13.1.1): nil without one, or for `*` (the item exists);
    /// else those of its strong entity tags — a weak or malformed tag matches no version.
    static func versions(ifMatch headers: HTTPHeaders) -> Set<Int>? {
        let values = headers[.ifMatch].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.isEmpty, !values.contains("*") else { return nil }
        return Set(values.compactMap { tag in
            guard tag.count >= 2, tag.hasPrefix("\""), tag.hasSuffix("\"") else { return nil }
            return Int(tag.dropFirst().dropLast())
        })
    }

    /// 201 with the item and its prices; a second price for a period and currency from an announced day is a 422, one
    /// from today replaces today's (a typo corrected the same day).
    func addPrice(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.CatalogPriceInput.self)
        let service = self.service(request)
        let item = try await service.item(try request.id("itemID"))
        do {
            _ = try await service.addPrice(to: item, APIModels.priceInput(body), staffID: staff.id, now: request.now) { db, replaced in
                try await request.record(.catalogChanged, staff: staff.id,
                                         detail: "price of “\(item.name)” (staff API)" + (replaced.map { ", replacing \($0)" } ?? ""), on: db)
            }
        } catch let failure as ValidationFailure {
            throw failure.inCatalogAPIWords
        }
        return try await answer(request, try await service.item(try item.requireID()), status: .created)
    }

    /// The item as JSON, with its version as the `ETag` a change may send back in `If-Match`.
    private func answer(_ request: Request, _ item: CatalogItem, status: HTTPResponseStatus = .ok) async throws -> Response {
        let body = APIModels.catalogItem(item, schedule: service(request).schedule(of: item), today: request.kontor.config.billing.day(of: request.now), history: true)
        let response = try await body.encodeResponse(status: status, for: request)
        response.headers.replaceOrAdd(name: .eTag, value: item.entityTag)
        return response
    }

    private func service(_ request: Request) -> CatalogService { CatalogService(db: request.db, config: request.kontor.config.billing) }
}
