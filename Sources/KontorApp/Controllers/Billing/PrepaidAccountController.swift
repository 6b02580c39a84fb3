import Fluent
import Foundation
import KontorDomain
import KontorPDF
import KontorQR
import Vapor

/// The prepaid account page: the balance per currency and its movements, the permanent top-up reference with its
/// QR-bill slip for a standing order, and the choice to have new invoices paid from the balance.
struct PrepaidAccountController {
    struct Movement: Encodable {
        let date: String
        let kind: String
        let amount: String
        let balance: String
        let detail: String?
        let isCredit: Bool
    }
    struct TopUp: Encodable {
        let currency: String
        let reference: String
        let account: String
        let creditor: [String]
        let qrSVG: String?
        let slipHref: String
    }
    struct Page: Encodable {
        let layout: LayoutModel
        let customerNumber: String
        let balances: [String]
        let hasBalance: Bool
        let movements: [Movement]
        let hasMovements: Bool
        let topUps: [TopUp]
        let payFromBalance: Bool
        let canManage: Bool
        let settingsAction: String
        let invoicesHref: String
    }
    struct SettingsForm: Content {
        var pay_from_balance: String?
    }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.prepaidAccount(SiteRoute.anyID), use: show)
        scoped.post(.prepaidAccountSettings(SiteRoute.anyID), use: settings)
        scoped.get(.prepaidTopUpSlip(SiteRoute.anyID, currency: ":currency"), use: slip)
    }

    /// The top-up slip as a printable PDF: the QR-bill without amount or payer, boxes to fill in by hand, and the
    /// organization's permanent reference, for a standing order or a one-off top-up.
    func slip(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        let config = request.kontor.config.billing
        guard let currency = request.parameters.get("currency").flatMap({ Currency.known[$0] }), let number = membership.organization.customerNumber,
              let code = InvoiceQueries(db: request.db, config: config).topUpCode(customerNumber: number, currency: currency) else {
            throw AppError.notFound
        }
        let language: QRBillSlip.Language = switch request.language {
        case .de: .de
        case .fr: .fr
        case .it: .it
        case .en, .es: .en
        }
        let bytes = try PDFRenderer.slip(QRBillSlip(language: language, payload: code.text, account: code.account.printed,
                                                    creditorLines: InvoicePDF.slipLines(code.creditor), reference: code.reference?.printed,
                                                    additionalInformation: nil, debtorLines: nil, currency: currency.code, amount: nil))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"top-up-\(currency.code).pdf\"")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    func show(_ request: Request) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let config = request.kontor.config.billing
        let language = request.language
        let organization = membership.organization
        let queries = InvoiceQueries(db: request.db, config: config)
        let balances = try await PrepaidLedger.balances(of: organizationID, on: request.db)
        let entries = try await PrepaidLedger.entries(of: organizationID, currency: nil, limit: 100, offset: 0, on: request.db)
        let invoiceNumbers = try await Self.numbers(of: entries.compactMap(\.invoiceID), on: request.db)
        let customerNumber = organization.customerNumber ?? 0
        return try await request.view.render("Billing/Prepaid", Page(
            layout: await request.layout(title: request.t("prepaid.title")),
            customerNumber: organization.customerNumber.map(String.init) ?? "—",
            balances: balances.map { MoneyFormatting.format($0, language) }, hasBalance: !balances.isEmpty,
            movements: entries.map { entry in
                Movement(date: DayFormatting.format(config.day(of: entry.createdAt), language), kind: request.t("prepaid.kind.\(entry.kind)"),
                         amount: MoneyFormatting.format(Money(minorUnits: entry.amountMinor, currency: entry.currency), language),
                         balance: MoneyFormatting.format(Money(minorUnits: entry.balanceAfterMinor, currency: entry.currency), language),
                         detail: entry.invoiceID.flatMap { invoiceNumbers[$0] } ?? entry.reason, isCredit: entry.amountMinor > 0)
            },
            hasMovements: !entries.isEmpty,
            topUps: customerNumber == 0 ? [] : config.accounts.keys.sorted { $0.code < $1.code }.compactMap { currency in
                guard let code = queries.topUpCode(customerNumber: customerNumber, currency: currency), let reference = code.reference else { return nil }
                return TopUp(currency: currency.code, reference: reference.printed, account: code.account.printed,
                             creditor: config.creditor.lines(homeCountry: request.kontor.config.providerCountry),
                             qrSVG: try? QRCode(encoding: code.text, correction: .medium).svg(moduleSize: 3, title: request.t("prepaid.qr_title")),
                             slipHref: SiteRoute.prepaidTopUpSlip(organizationID, currency: currency.code).path)
            },
            payFromBalance: organization.payFromBalance, canManage: membership.role.canManageOrganization,
            settingsAction: SiteRoute.prepaidAccountSettings(organizationID).path, invoicesHref: SiteRoute.invoices(organizationID).path))
    }

    func settings(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let form = try request.content.decode(SettingsForm.self)
        try await BillingSettings.setPayFromBalance(FormSwitch.isTicked(form.pay_from_balance), organizationID: membership.$organization.id,
                                                    on: request.db)
        return request.redirect(to: .prepaidAccount(membership.$organization.id), notice: "prepaid_settings_saved")
    }

    static func numbers(of invoiceIDs: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !invoiceIDs.isEmpty else { return [:] }
        let invoices = try await Invoice.query(on: db).filter(\.$id ~~ invoiceIDs).all()
        return Dictionary(invoices.compactMap { invoice in invoice.id.map { ($0, invoice.number) } }, uniquingKeysWith: { first, _ in first })
    }
}

/// The organization's own billing choices.
enum BillingSettings {
    static func setPayFromBalance(_ on: Bool, organizationID: UUID, on db: any Database) async throws {
        try await Organization.query(on: db).filter(\.$id == organizationID).set(\.$payFromBalance, to: on).update()
    }
}
