import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/invoices`, `…/prepaid-account` and `…/billing`: what the invoice and prepaid
/// pages show, for the customer's own systems. Every member reads; legal representatives and administrators pay
/// from the balance and change the billing choices.
struct BillingAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationInvoices(SiteRoute.anyID)), use: list)
        scoped.get(.api(.organizationInvoice(SiteRoute.anyID, invoice: SiteRoute.anyID)), use: show)
        scoped.get(.api(.organizationInvoicePDF(SiteRoute.anyID, invoice: SiteRoute.anyID)), use: pdf)
        scoped.post(.api(.organizationInvoicePayment(SiteRoute.anyID, invoice: SiteRoute.anyID)), use: payFromBalance)
        scoped.get(.api(.organizationPrepaidAccount(SiteRoute.anyID)), use: prepaid)
        scoped.get(.api(.organizationBilling(SiteRoute.anyID)), use: facts)
        scoped.get(.api(.organizationReminders(SiteRoute.anyID)), use: reminders)
        scoped.on(.PATCH, .api(.organizationBilling(SiteRoute.anyID)), use: change)
    }

    /// `?status=open|overdue|paid|credit_note&currency=CHF`, a page at a time (`?limit=1…200`, default 100, and
    /// `?before=` the previous page's `nextBefore`); an unknown value is a 422 naming the parameter.
    func list(_ request: Request) async throws -> APIModels.Page<APIModels.InvoiceSummary> {
        let organizationID = try request.membership().$organization.id
        var errors: [FieldError] = []
        let status = try request.optionalQuery("status").map { InvoiceQueries.Status(rawValue: $0) }
        if case .some(nil) = status { errors.append(FieldError(field: "status", messageKey: "error.billing.status_filter")) }
        // Exactly a known code, as the contract lists them: `chf` is not silently read as CHF.
        let currency = try request.optionalQuery("currency").map { code in Currency.known[code] }
        if case .some(nil) = currency { errors.append(FieldError(field: "currency", messageKey: "error.billing.currency_unknown")) }
        try ValidationFailure.check(errors)
        let page = try CursorPage(request, defaultLimit: Self.defaultPageSize)
        let config = request.kontor.config.billing
        let today = config.day(of: request.now)
        let invoices = try await InvoiceQueries(db: request.db, config: config)
            .list(of: organizationID, filter: .init(status: status ?? nil, currency: currency ?? nil), today: today, page: page)
        return .init(items: invoices.items.map { APIModels.invoiceSummary($0, today: today) }, nextBefore: invoices.nextBefore)
    }

    /// Invoices and reminders per page when the caller names no `limit`.
    static let defaultPageSize = 100

    func show(_ request: Request) async throws -> APIModels.InvoiceDetail {
        let organizationID = try request.membership().$organization.id
        let config = request.kontor.config.billing
        let queries = InvoiceQueries(db: request.db, config: config)
        let invoice = try await queries.invoice(try request.id("invoiceID"), of: organizationID)
        return try await Self.detail(invoice, queries: queries, today: config.day(of: request.now))
    }

    /// `application/pdf`: the invoice with its QR-bill, as the page's download.
    func pdf(_ request: Request) async throws -> Response {
        let organizationID = try request.membership().$organization.id
        let queries = InvoiceQueries(db: request.db, config: request.kontor.config.billing)
        let invoice = try await queries.invoice(try request.id("invoiceID"), of: organizationID)
        return try await InvoicesController.pdfResponse(invoice, queries: queries, request: request)
    }

    /// Pays the whole amount due from the prepaid account in the invoice's currency: 200 with the paid invoice,
    /// 409 `already_paid`, 403 `insufficient_balance`.
    func payFromBalance(_ request: Request) async throws -> APIModels.InvoiceDetail {
        let membership = try request.managingMembership()
        let invoice = try await InvoiceSettling.payFromBalance(invoiceID: try request.id("invoiceID"), organizationID: membership.$organization.id,
                                                               userID: try request.customer().userID, now: request.now, on: request.db)
        let config = request.kontor.config.billing
        return try await Self.detail(invoice, queries: InvoiceQueries(db: request.db, config: config), today: config.day(of: request.now))
    }

    /// Balances per currency and a page of movements, newest first (`?limit=50&offset=0`, limit at most 200).
    func prepaid(_ request: Request) async throws -> APIModels.PrepaidAccount {
        let organizationID = try request.membership().$organization.id
        let page = try OffsetPage(request)
        let entries = try await PrepaidLedger.entries(of: organizationID, currency: nil, limit: page.limit, offset: page.offset, on: request.db)
        return APIModels.PrepaidAccount(
            balances: try await PrepaidLedger.balances(of: organizationID, on: request.db).map(APIModels.Amount.init),
            movements: entries.map {
                APIModels.PrepaidMovement(id: $0.id!, kind: $0.kind, amount: .init(minor: $0.amountMinor, currency: $0.currency),
                                          balanceAfter: .init(minor: $0.balanceAfterMinor, currency: $0.currency), invoiceId: $0.invoiceID,
                                          createdAt: $0.createdAt)
            }, limit: page.limit, offset: page.offset)
    }

    func facts(_ request: Request) async throws -> APIModels.BillingFacts {
        let organizationID = try request.membership().$organization.id
        guard let organization = try await Organization.find(organizationID, on: request.db) else { throw AppError.notFound }
        let config = request.kontor.config.billing
        let queries = InvoiceQueries(db: request.db, config: config)
        return APIModels.BillingFacts(
            customerNumber: organization.customerNumber, payFromBalance: organization.payFromBalance,
            topUpReferences: organization.customerNumber.map { number in
                config.accounts.keys.sorted { $0.code < $1.code }.compactMap { currency in
                    queries.topUpReference(customerNumber: number, currency: currency).map {
                        APIModels.TopUpReference(currency: currency.code, reference: $0.electronic, referenceType: $0.typeCode,
                                                 account: config.accounts[currency]!.electronic)
                    }
                }
            } ?? [])
    }

    /// Every reminder sent to the organization, newest first, a page at a time: what a customer checks an e-mail against.
    func reminders(_ request: Request) async throws -> APIModels.Page<APIModels.Reminder> {
        let organizationID = try request.membership().$organization.id
        let page = try CursorPage(request, defaultLimit: Self.defaultPageSize)
        var query = PaymentReminder.query(on: request.db).filter(\.$organization.$id == organizationID).with(\.$invoice)
        if let cursor = page.before {
            guard try await PaymentReminder.query(on: request.db).filter(\.$id == cursor).filter(\.$organization.$id == organizationID).count() == 1 else {
                throw CursorPage.unknownCursor()
            }
            query = CursorPage.rows(query, after: cursor, by: ["created_at", "id"])
        }
        let (reminders, nextBefore) = page.split(try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(page.limit + 1).all(),
                                                 id: \.id)
        let steps = ["", "reminder_1", "reminder_2", "final_notice", "suspension"]
        return .init(items: reminders.map {
            APIModels.Reminder(id: $0.id!, invoiceId: $0.$invoice.id, invoiceNumber: $0.invoice.number, step: steps[min(max($0.stepValue, 1), 4)],
                               sentOn: $0.sentOn, amountDue: .init(minor: $0.openMinor, currency: $0.invoice.currency),
                               paymentsCountedUntil: $0.paymentsUntil, feeInvoiceId: $0.feeInvoiceID)
        }, nextBefore: nextBefore)
    }

    /// `{"payFromBalance": true}`: new invoices are paid from the balance when it covers them.
    func change(_ request: Request) async throws -> APIModels.BillingFacts {
        let membership = try request.managingMembership()
        let body = try request.content.decode(APIModels.BillingFactsChange.self)
        guard let payFromBalance = body.payFromBalance else {
            throw ValidationFailure([FieldError(field: "payFromBalance", messageKey: "error.required")])
        }
        try await BillingSettings.setPayFromBalance(payFromBalance, organizationID: membership.$organization.id, on: request.db)
        return try await facts(request)
    }

    static func detail(_ invoice: Invoice, queries: InvoiceQueries, today: String) async throws -> APIModels.InvoiceDetail {
        let currency = invoice.currency
        let address = invoice.billingAddress
        return APIModels.InvoiceDetail(
            id: try invoice.requireID(), number: invoice.number, kind: invoice.series, status: InvoiceQueries.status(of: invoice, today: today).rawValue,
            customerNumber: invoice.customerNumber, currency: currency.code, net: .init(minor: invoice.netMinor, currency: currency),
            tax: .init(minor: invoice.taxMinor, currency: currency), total: .init(invoice.total), amountDue: .init(invoice.open),
            issuedOn: invoice.issuedOn, dueOn: invoice.dueOn, reference: invoice.reference, referenceType: invoice.referenceType,
            creditsInvoiceId: invoice.creditsInvoiceID, reverseCharge: invoice.reverseCharge,
            billingAddress: .init(name: address.name, street: address.street, buildingNumber: address.buildingNumber, postcode: address.postcode,
                                  town: address.town, country: address.country),
            lines: try await queries.lines(of: invoice).map {
                .init(position: $0.position, description: $0.description, quantity: $0.quantity, unitPrice: .init(minor: $0.unitMinor, currency: currency),
                      net: .init(minor: $0.netMinor, currency: currency), vatRate: VATRate(basisPoints: $0.vatBasisPoints).percentText)
            },
            vat: try await queries.vat(of: invoice).map {
                .init(rate: VATRate(basisPoints: $0.vatBasisPoints).percentText, net: .init(minor: $0.netMinor, currency: currency),
                      tax: .init(minor: $0.taxMinor, currency: currency))
            }, note: invoice.note)
    }
}
