import Fluent
import Foundation
import KontorDomain

/// Reading an organization's invoices: the list with its filters, one invoice with its lines and VAT, and what
/// each invoice's QR-bill carries. Always scoped by organization, so an id from another organization is not found.
struct InvoiceQueries {
    let db: any Database
    let config: BillingConfiguration

    enum Status: String, CaseIterable, Sendable {
        /// `credited`: nothing open because credit notes cancelled the whole invoice, not because it was paid.
        case open, overdue, paid, credited, creditNote = "credit_note"
    }

    struct Filter: Sendable {
        var status: Status?
        var currency: Currency?
    }

    /// A page of the list, newest first (by issue time, then number); `page.before` must be one of the organization's
    /// invoices (else 422 on `before`). Read with one row more than the page, to know whether another page follows.
    func list(of organizationID: UUID, filter: Filter, today: String, page: CursorPage) async throws -> (items: [Invoice], nextBefore: UUID?) {
        var query = Invoice.query(on: db).filter(\.$organization.$id == organizationID)
        if let cursor = page.before {
            guard try await Invoice.query(on: db).filter(\.$id == cursor).filter(\.$organization.$id == organizationID).count() == 1 else {
                throw CursorPage.unknownCursor()
            }
            query = CursorPage.rows(query, after: cursor, by: ["issued_at", "number"])
        }
        if let currency = filter.currency { query = query.filter(\.$currencyCode == currency.code) }
        switch filter.status {
        case nil: break
        case .creditNote?: query = query.filter(\.$series == DocumentSeries.creditNote.rawValue)
        case .paid?:
            query = query.filter(\.$series == DocumentSeries.invoice.rawValue).filter(\.$openMinor == 0).filter(.sql(unsafeRaw: "(credited_minor < total_minor OR total_minor = 0)"))
        case .credited?:
            query = query.filter(\.$series == DocumentSeries.invoice.rawValue).filter(\.$openMinor == 0).filter(.sql(unsafeRaw: "credited_minor >= total_minor AND total_minor > 0"))
        case .open?: query = query.filter(\.$series == DocumentSeries.invoice.rawValue).filter(\.$openMinor > 0).filter(\.$dueOn >= today)
        case .overdue?: query = query.filter(\.$series == DocumentSeries.invoice.rawValue).filter(\.$openMinor > 0).filter(\.$dueOn < today)
        }
        let fetched = try await query.sort(\.$issuedAt, .descending).sort(\.$number, .descending).limit(page.limit + 1).all()
        return page.split(fetched, id: \.id)
    }

    func invoice(_ id: UUID, of organizationID: UUID) async throws -> Invoice {
        guard let invoice = try await Invoice.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
            throw AppError.notFound
        }
        return invoice
    }

    func lines(of invoice: Invoice) async throws -> [InvoiceLine] {
        try await InvoiceLine.query(on: db).filter(\.$invoice.$id == invoice.requireID()).sort(\.$position).all()
    }

    func vat(of invoice: Invoice) async throws -> [InvoiceVAT] {
        try await InvoiceVAT.query(on: db).filter(\.$invoice.$id == invoice.requireID()).sort(\.$vatBasisPoints, .descending).all()
    }

    /// Credit notes issued against an invoice.
    func creditNotes(of invoice: Invoice) async throws -> [Invoice] {
        try await Invoice.query(on: db).filter(\.$creditsInvoiceID == invoice.requireID()).sort(\.$issuedAt).all()
    }

    static func status(of invoice: Invoice, today: String) -> Status {
        if invoice.isCreditNote { return .creditNote }
        if invoice.openMinor == 0 { return invoice.creditedMinor >= invoice.totalMinor && invoice.totalMinor > 0 ? .credited : .paid }
        return invoice.dueOn < today ? .overdue : .open
    }

    /// The QR-bill of an open invoice: its own reference, the open amount, the address it was issued to. Nil for what
    /// has nothing to pay; an error when an open invoice cannot have one (an amount beyond the QR-bill's maximum from
    /// before issuing refused it, a creditor account no longer valid), which callers log and say on the page and PDF
    /// instead of leaving the slip out silently.
    func paymentCode(for invoice: Invoice) throws -> SwissPaymentsCode? {
        guard !invoice.isCreditNote, invoice.openMinor > 0 else { return nil }
        guard let iban = invoice.accountIBAN.flatMap(IBAN.init) else { throw PaymentCodeUnavailable(number: invoice.number, reason: "no valid creditor account") }
        do {
            return try SwissPaymentsCode(account: iban, creditor: config.creditor, amount: invoice.open, currency: invoice.currency,
                                         debtor: invoice.billingAddress, reference: invoice.paymentReference,
                                         message: invoice.number)
        } catch {
            throw PaymentCodeUnavailable(number: invoice.number, reason: String(describing: error))
        }
    }

    /// An open invoice whose QR-bill cannot be made: it is logged where it is shown, and the page and PDF say so.
    struct PaymentCodeUnavailable: Error, CustomStringConvertible {
        let number: String
        let reason: String
        var description: String { "no QR-bill for open invoice \(number): \(reason)" }
    }


    /// The organization's permanent top-up reference in `currency`, for standing orders: always credits the
    /// prepaid account, whatever the amount.
    func topUpReference(customerNumber: Int64, currency: Currency) -> PaymentReference? {
        guard let account = config.accounts[currency] else { return nil }
        return BillingReferences.reference(kind: .topUp, customerNumber: Int(customerNumber), sequence: 0, qrIBAN: account.isQRIBAN)
    }

    /// The slip for a standing order: no amount, no debtor, the top-up reference.
    func topUpCode(customerNumber: Int64, currency: Currency) -> SwissPaymentsCode? {
        guard let account = config.accounts[currency] else { return nil }
        return try? SwissPaymentsCode(account: account, creditor: config.creditor, amount: nil, currency: currency, debtor: nil,
                                      reference: topUpReference(customerNumber: customerNumber, currency: currency), message: nil)
    }
}
