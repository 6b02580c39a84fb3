import Fluent
import Foundation
import KontorDomain
import KontorQR
import Vapor

/// The organization's invoices: the list with its filters, one invoice as a page with its QR-bill, and paying it
/// from the prepaid account. Every member reads them; legal representatives and administrators pay.
struct InvoicesController {
    struct Row: Encodable {
        let number: String
        /// The customer's page of the document; nil where the reader cannot open it (the staff's view of a customer).
        let href: String?
        let issued: String
        let due: String
        let total: String
        let open: String
        let status: String
        let statusLabel: String
    }
    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    struct ListPage: Encodable {
        let layout: LayoutModel
        let customerNumber: String
        let rows: [Row]
        let hasRows: Bool
        let statuses: [Choice]
        let currencies: [Choice]
        let action: String
        let prepaidHref: String
        /// The next, older page with the same filters (nil on the last page), and the first page (nil on it).
        let olderHref: String?
        let newestHref: String?
        let hasPages: Bool
    }

    /// Invoices per page on the web list.
    static let pageSize = 50
    struct LineView: Encodable {
        let description: String
        let quantity: String
        let unitPrice: String
        let net: String
        let vat: String
    }
    struct VATView: Encodable {
        let rate: String
        let net: String
        let tax: String
    }
    struct ReminderView: Encodable {
        let sent: String
        let step: String
        let amount: String
        let paymentsUntil: String
    }
    struct InvoicePage: Encodable {
        let layout: LayoutModel
        let number: String
        let isCreditNote: Bool
        let credits: String?
        let status: String
        let statusLabel: String
        let customerNumber: String
        let issued: String
        let due: String
        let creditor: [String]
        let creditorVATNumber: String?
        let recipient: [String]
        let lines: [LineView]
        let vat: [VATView]
        /// The VAT total: the one line of a reverse-charge document.
        let tax: String
        let net: String
        let total: String
        let open: String
        let reverseCharge: Bool
        let customerVATNumber: String?
        let reference: String?
        let account: String?
        let qrSVG: String?
        /// An open invoice whose QR-bill could not be made (logged): the page says so instead of leaving it out silently.
        let missingQRBill: Bool
        /// The note staff gave when issuing it (also printed on the PDF).
        let note: String?
        let creditNotes: [Row]
        let hasCreditNotes: Bool
        let reminders: [ReminderView]
        let hasReminders: Bool
        let balance: String?
        let canPayFromBalance: Bool
        let balanceTooLow: Bool
        let payAction: String
        let pdfHref: String
        let listHref: String
        let refusal: String?
    }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.invoices(SiteRoute.anyID), use: list)
        scoped.get(.invoice(SiteRoute.anyID, invoice: SiteRoute.anyID), use: show)
        scoped.get(.invoicePDF(SiteRoute.anyID, invoice: SiteRoute.anyID), use: pdf)
        scoped.post(.invoicePayFromBalance(SiteRoute.anyID, invoice: SiteRoute.anyID), use: payFromBalance)
    }

    /// The invoice as a PDF in the language it was issued in, with the QR-bill while something is owed.
    func pdf(_ request: Request) async throws -> Response {
        let organizationID = try request.membership().$organization.id
        let queries = InvoiceQueries(db: request.db, config: request.kontor.config.billing)
        let invoice = try await queries.invoice(try request.id("invoiceID"), of: organizationID)
        return try await Self.pdfResponse(invoice, queries: queries, request: request)
    }

    static func pdfResponse(_ invoice: Invoice, queries: InvoiceQueries, request: Request) async throws -> Response {
        let bytes = try await InvoicePDF(queries: queries, localizer: request.kontor.localizer, providerCountry: request.kontor.config.providerCountry,
                                         logger: request.logger).render(invoice)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(invoice.number).pdf\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    func list(_ request: Request) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let statusText = try request.optionalQuery("status")
        let currencyText = try request.optionalQuery("currency")
        // An unknown filter value shows everything rather than an error page: these come from links and a select.
        let filter = InvoiceQueries.Filter(status: statusText.flatMap(InvoiceQueries.Status.init), currency: currencyText.flatMap(Currency.init(code:)))
        let config = request.kontor.config.billing
        let today = config.day(of: request.now)
        let queries = InvoiceQueries(db: request.db, config: config)
        // Like the filters, a cursor that is not one of the organization's invoices shows the first page, not an error.
        var before = try request.optionalQuery("before").flatMap(UUID.init(uuidString:))
        let page: (items: [Invoice], nextBefore: UUID?)
        do {
            page = try await queries.list(of: organizationID, filter: filter, today: today, page: CursorPage(limit: Self.pageSize, before: before))
        } catch is ValidationFailure {
            before = nil
            page = try await queries.list(of: organizationID, filter: filter, today: today, page: CursorPage(limit: Self.pageSize))
        }
        let rows = page.items.map { Self.row($0, organizationID: organizationID, today: today, request) }
        func href(before: UUID?) -> String {
            var components = URLComponents()
            components.path = SiteRoute.invoices(organizationID).path
            let items = [URLQueryItem(name: "status", value: filter.status?.rawValue), URLQueryItem(name: "currency", value: filter.currency?.code),
                         URLQueryItem(name: "before", value: before?.uuidString)].filter { $0.value != nil }
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? SiteRoute.invoices(organizationID).path
        }
        return try await request.view.render("Billing/Invoices", ListPage(
            layout: await request.layout(title: request.t("invoices.title")),
            customerNumber: membership.organization.customerNumber.map(String.init) ?? "—",
            rows: rows, hasRows: !rows.isEmpty,
            statuses: [Choice(value: "", label: request.t("invoices.filter.all"), selected: filter.status == nil)]
                + InvoiceQueries.Status.allCases.map { Choice(value: $0.rawValue, label: request.t("invoices.status.\($0.rawValue)"), selected: filter.status == $0) },
            currencies: [Choice(value: "", label: request.t("invoices.filter.all_currencies"), selected: filter.currency == nil)]
                + config.accounts.keys.sorted { $0.code < $1.code }.map { Choice(value: $0.code, label: $0.code, selected: filter.currency == $0) },
            action: SiteRoute.invoices(organizationID).path, prepaidHref: SiteRoute.prepaidAccount(organizationID).path,
            olderHref: page.nextBefore.map { href(before: $0) }, newestHref: before == nil ? nil : href(before: nil),
            hasPages: page.nextBefore != nil || before != nil))
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, refusal: nil)
    }

    /// Two clicks at once pay once: the second finds the invoice paid and says so on the page.
    func payFromBalance(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let organizationID = membership.$organization.id
        let invoiceID = try request.id("invoiceID")
        do {
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoiceID, organizationID: organizationID,
                                                         userID: try request.customer().userID, now: request.now, on: request.db)
            return request.redirect(to: .invoice(organizationID, invoice: invoiceID), notice: "invoice_paid_from_balance")
        } catch let error as AppError {
            switch error {
            case .conflict, .refused:
                return try await render(request, refusal: request.t(error.messageKey)).encodeResponse(status: error.status, for: request)
            default: throw error
            }
        }
    }

    private func render(_ request: Request, refusal: String?) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let config = request.kontor.config.billing
        let queries = InvoiceQueries(db: request.db, config: config)
        let invoice = try await queries.invoice(try request.id("invoiceID"), of: organizationID)
        let language = request.language
        let money = { (minor: Int64) in MoneyFormatting.format(Money(minorUnits: minor, currency: invoice.currency), language) }
        let today = config.day(of: request.now)
        let status = InvoiceQueries.status(of: invoice, today: today)
        let balance = try await PrepaidLedger.balance(of: organizationID, currency: invoice.currency, on: request.db)
        var code: SwissPaymentsCode?
        var missingQRBill = false
        do { code = try queries.paymentCode(for: invoice) } catch {
            request.logger.error("\(error)")
            missingQRBill = true
        }
        let creditNotes = try await queries.creditNotes(of: invoice).map { Self.row($0, organizationID: organizationID, today: today, request) }
        let reminders = try await PaymentReminder.query(on: request.db).filter(\.$invoice.$id == invoice.requireID()).sort(\.$stepValue).all().map {
            ReminderView(sent: DayFormatting.format($0.sentOn, language), step: request.t("reminders.step.\($0.stepValue)"),
                         amount: money($0.openMinor), paymentsUntil: DayFormatting.format($0.paymentsUntil, language))
        }
        let credits = if let id = invoice.creditsInvoiceID { try await Invoice.find(id, on: request.db)?.number } else { String?.none }
        return try await request.view.render("Billing/Invoice", InvoicePage(
            layout: await request.layout(title: request.t(invoice.isCreditNote ? "invoice.credit_note_title" : "invoice.title", ["number": invoice.number])),
            number: invoice.number, isCreditNote: invoice.isCreditNote, credits: credits,
            status: status.rawValue, statusLabel: request.t("invoices.status.\(status.rawValue)"),
            customerNumber: String(invoice.customerNumber), issued: DayFormatting.format(invoice.issuedOn, language),
            due: DayFormatting.format(invoice.dueOn, language),
            creditor: config.creditor.lines(homeCountry: request.kontor.config.providerCountry), creditorVATNumber: config.vatNumber,
            recipient: invoice.billingAddress.lines(homeCountry: request.kontor.config.providerCountry),
            lines: try await queries.lines(of: invoice).map {
                LineView(description: $0.description, quantity: String($0.quantity), unitPrice: money($0.unitMinor), net: money($0.netMinor),
                         vat: invoice.reverseCharge ? request.t("invoice.vat_cell_reverse_charge") : VATRateFormatting.format(basisPoints: $0.vatBasisPoints, language))
            },
            // Under the reverse charge no Swiss rate applies: the page prints one line saying so (`reverseCharge`).
            vat: invoice.reverseCharge ? [] : try await queries.vat(of: invoice).map {
                VATView(rate: VATRateFormatting.format(basisPoints: $0.vatBasisPoints, language), net: money($0.netMinor), tax: money($0.taxMinor))
            },
            tax: money(invoice.taxMinor),
            net: money(invoice.netMinor), total: money(invoice.totalMinor), open: money(invoice.openMinor),
            reverseCharge: invoice.reverseCharge, customerVATNumber: invoice.customerVATNumber,
            reference: invoice.paymentReference?.printed, account: invoice.accountIBAN.flatMap(IBAN.init)?.printed,
            qrSVG: code.flatMap { try? QRCode(encoding: $0.text, correction: .medium).svg(moduleSize: 3, title: request.t("invoice.qr_title")) },
            missingQRBill: missingQRBill, note: invoice.note,
            creditNotes: creditNotes, hasCreditNotes: !creditNotes.isEmpty, reminders: reminders, hasReminders: !reminders.isEmpty,
            balance: MoneyFormatting.format(balance, language),
            // Only while something is owed: a paid invoice, one a credit note cancelled, or a credit note offers nothing to pay.
            canPayFromBalance: membership.role.canManageOrganization && invoice.openMinor > 0 && !invoice.isCreditNote && balance.minorUnits >= invoice.openMinor,
            balanceTooLow: invoice.openMinor > 0 && !invoice.isCreditNote && balance.minorUnits < invoice.openMinor,
            payAction: SiteRoute.invoicePayFromBalance(organizationID, invoice: try invoice.requireID()).path,
            pdfHref: SiteRoute.invoicePDF(organizationID, invoice: try invoice.requireID()).path,
            listHref: SiteRoute.invoices(organizationID).path, refusal: refusal))
    }

    static func row(_ invoice: Invoice, organizationID: UUID, today: String, _ request: Request) -> Row {
        row(invoice, href: SiteRoute.invoice(organizationID, invoice: invoice.id!).path, today: today, request)
    }

    /// A document's line of a list, in the reader's language.
    static func row(_ invoice: Invoice, href: String?, today: String, _ request: Request) -> Row {
        let status = InvoiceQueries.status(of: invoice, today: today)
        return Row(number: invoice.number, href: href,
                   issued: DayFormatting.format(invoice.issuedOn, request.language),
                   due: invoice.isCreditNote ? "" : DayFormatting.format(invoice.dueOn, request.language),
                   total: MoneyFormatting.format(invoice.total, request.language), open: MoneyFormatting.format(invoice.open, request.language),
                   status: status.rawValue, statusLabel: request.t("invoices.status.\(status.rawValue)"))
    }
}
