import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/catalog` and `/orders`: what the organization can order at today's prices, and
/// ordering as the console does (legal representatives and administrators; others 403). Behind `OrganizationScope`.
struct OrdersAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationCatalog(SiteRoute.anyID)), use: catalog)
        scoped.get(.api(.organizationOrders(SiteRoute.anyID)), use: list)
        scoped.post(.api(.organizationOrders(SiteRoute.anyID)), use: place)
        scoped.get(.api(.organizationOrder(SiteRoute.anyID, order: SiteRoute.anyID)), use: show)
        scoped.post(.api(.organizationOrderCancel(SiteRoute.anyID, order: SiteRoute.anyID)), use: cancel)
    }

    /// Cancels an order nothing was paid on (its invoice credited in full, its product deleted); 200 with the order,
    /// again 200 for one cancelled before; 409 once paid, even partly.
    func cancel(_ request: Request) async throws -> APIModels.Order {
        let membership = try request.orderingMembership()
        let organizationID = membership.$organization.id
        let orderID = try request.id("orderID")
        try await request.orderService.cancel(orderID, in: organizationID, now: request.now) { db, order in
            try await request.record(.orderCancelled, user: membership.$user.id, organization: organizationID, detail: order.itemName, on: db)
        }
        guard let order = try await ProductOrder.find(orderID, on: request.db) else { throw AppError.notFound }
        return try await detail(request, order)
    }

    func catalog(_ request: Request) async throws -> APIModels.List<APIModels.CatalogItem> {
        _ = try request.membership()
        let config = request.kontor.config.billing
        let service = CatalogService(db: request.db, config: config)
        let today = config.day(of: request.now)
        return .init(items: try await CatalogOffer.offers(service, today: today).map {
            APIModels.catalogItem($0.item, schedule: service.schedule(of: $0.item), today: today, history: false)
        })
    }

    /// The organization's orders, newest first (at most 200).
    /// Newest first, a page at a time: `?limit=1…200` (default 100) and `?before=` the previous page's `nextBefore`.
    func list(_ request: Request) async throws -> APIModels.Page<APIModels.Order> {
        let organizationID = try request.membership().$organization.id
        let page = try CursorPage(request, defaultLimit: 100)
        var query = ProductOrder.query(on: request.db).filter(\.$organization.$id == organizationID).with(\.$product)
        if let cursor = page.before {
            guard try await ProductOrder.query(on: request.db).filter(\.$id == cursor).filter(\.$organization.$id == organizationID).count() == 1 else {
                throw CursorPage.unknownCursor()
            }
            query = CursorPage.rows(query, after: cursor, by: ["created_at", "id"])
        }
        let (orders, nextBefore) = page.split(try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(page.limit + 1).all(),
                                              id: \.id)
        let invoices = try await Invoice.query(on: request.db).filter(\.$id ~~ orders.compactMap(\.invoiceID)).all()
        let byID = Dictionary(uniqueKeysWithValues: invoices.map { ($0.id!, $0) })
        return .init(items: orders.map { APIModels.order($0, product: $0.product, invoice: $0.invoiceID.flatMap { byID[$0] }) }, nextBefore: nextBefore)
    }

    /// 201 with the order; the same idempotency key again answers the first order (200, `Idempotent-Replayed: true`).
    func place(_ request: Request) async throws -> Response {
        let membership = try request.orderingMembership()
        let body = try request.content.decode(APIModels.OrderInput.self)
        let key = request.headers.first(name: "Idempotency-Key") ?? body.idempotencyKey
        let placed: OrderService.Placed
        do {
            placed = try await request.orderService.place(.init(
                organizationID: membership.$organization.id, itemID: body.itemId,
                request: .init(period: body.periodMonths.map(String.init), currency: body.currency, renewalWarranty: body.renewalWarranty ?? false, name: body.name),
                billingAddressID: body.billingAddressId, idempotencyKey: key, userID: try request.customer().userID), now: request.now)
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["item": "itemId", "period": "periodMonths", "billingAddressID": "billingAddressId"]).inAPIWords
        }
        let response = try await detail(request, placed.order).encodeResponse(status: placed.isReplay ? .ok : .created, for: request)
        if placed.isReplay { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    func show(_ request: Request) async throws -> APIModels.Order {
        let organizationID = try request.membership().$organization.id
        guard let order = try await ProductOrder.query(on: request.db).filter(\.$id == request.id("orderID"))
            .filter(\.$organization.$id == organizationID).first() else { throw AppError.notFound }
        return try await detail(request, order)
    }

    private func detail(_ request: Request, _ order: ProductOrder) async throws -> APIModels.Order {
        let product = try await order.$product.get(reload: true, on: request.db)
        let invoice = if let id = order.invoiceID { try await Invoice.find(id, on: request.db) } else { Invoice?.none }
        return APIModels.order(order, product: product, invoice: invoice)
    }
}
