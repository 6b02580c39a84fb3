import Fluent
import Foundation
import KontorDomain
import Vapor

/// The manual invoice form: every row typed is either issued or refused with its line named — never dropped — and
/// after any error the form comes back as typed, each problem under its own field.
extension StaffBillingController {
    /// One row of the lines table, as typed; `error` says what is wrong with it ("Line 2: …").
    struct InvoiceLineRow: Encodable {
        var description = ""
        var quantity = "1"
        var unitPrice = ""
        var vat = "standard"
        var error: String?

        /// Nothing typed, or only the quantity the form fills in: a row the clerk did not use.
        var isBlank: Bool {
            description.trimmedAsFoundation().isEmpty && unitPrice.trimmedAsFoundation().isEmpty
                && ["", "1"].contains(quantity.trimmedAsFoundation())
        }
    }

    /// The rows the page shows when nothing was typed yet.
    static let blankInvoiceRows = 3
    /// The most lines the form takes, refused beyond (never cut): four fields a line stay within the request's field
    /// limit (`RequestLimits.maxFormFields`), so the clerk gets this sentence rather than a bare 413.
    static let maximumFormLines = 50

    /// The rows of a submitted form, padded to the blank rows the page shows.
    static func invoiceRows(_ form: InvoiceForm) -> [InvoiceLineRow] {
        let count = max(form.description?.count ?? 0, form.quantity?.count ?? 0, form.unit_price?.count ?? 0)
        var rows = (0..<count).map { index in
            InvoiceLineRow(description: form.description?[safe: index] ?? "", quantity: form.quantity?[safe: index] ?? "",
                           unitPrice: form.unit_price?[safe: index] ?? "", vat: form.vat?[safe: index] ?? "standard")
        }
        while rows.count < blankInvoiceRows { rows.append(InvoiceLineRow()) }
        return rows
    }

    /// A manual invoice through the one issuing entry point; blank rows are ignored, every other row is issued or refused.
    func invoice(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(InvoiceForm.self)
        let config = request.kontor.config.billing
        var rows = Self.invoiceRows(form)
        var errors: [String: String] = [:]
        let customerNumber = (form.customer_number ?? "").trimmedAsFoundation()
        let organization = try await Self.organization(customerNumber: customerNumber, on: request.db)
        if customerNumber.isEmpty { errors["invoice_customer_number"] = request.t("error.required") }
        else if organization == nil { errors["invoice_customer_number"] = request.t("staff.billing.customer_unknown") }
        // Exactly a configured code, as the select offers them: anything else is an error on the field, never silently CHF.
        let currency = form.currency.flatMap { Currency.known[$0] }
        if currency == nil { errors["invoice_currency"] = request.t("error.billing.currency_unknown") }

        // Every row that is not blank becomes a line, or an error naming its row as the clerk sees it.
        var lines: [InvoiceIssuer.Line] = []
        var rowOfLine: [Int] = []
        func problem(_ row: Int, _ messageKey: String) {
            let message = request.t(messageKey)
            rows[row].error = [rows[row].error, request.t("staff.billing.line_problem", ["line": String(row + 1), "problem": message])]
                .compactMap { $0 }.joined(separator: " ")
        }
        for (index, row) in rows.enumerated() where !row.isBlank {
            if row.description.trimmedAsFoundation().isEmpty { problem(index, "error.required") }
            let quantity = Int64(row.quantity.trimmedAsFoundation()) ?? 0
            var price: Money?
            if let currency, case .success(let money) = Money.parse(row.unitPrice.trimmedAsFoundation(), currency: currency) { price = money }
            if price == nil, currency != nil { problem(index, "error.billing.price") }
            let rate = config.vatRates.rate(named: row.vat)
            if rate == nil { problem(index, "error.billing.vat_unknown") }
            if let price, let rate, rows[index].error == nil {
                lines.append(.init(description: row.description, quantity: quantity, unitPrice: price, vatRate: rate))
                rowOfLine.append(index)
            }
        }
        let used = rows.filter { !$0.isBlank }.count
        if used == 0 { errors["lines"] = request.t("error.billing.lines_required") }
        else if used > Self.maximumFormLines {
            errors["lines"] = request.t("error.billing.too_many_form_lines", ["count": String(Self.maximumFormLines)])
        }

        let note = (form.note ?? "").isEmpty ? nil : form.note
        let issuer = request.invoiceIssuer
        // The issuer's own checks (quantity, length, invisible characters, the note, the QR-bill maximum) at the same
        // time as the form's, so the clerk fixes everything in one round; they read the lines, currency and note only.
        if let currency, !lines.isEmpty {
            let draft = InvoiceIssuer.Draft(organizationID: organization?.id ?? UUID(), currency: currency, lines: lines, language: request.language,
                                            note: note)
            var failures = issuer.validate(draft)
            if rows.allSatisfy({ $0.error == nil }) { failures += StaffInvoiceDrafts.zeroTotal(lines) }
            Self.place(failures, rows: &rows, rowOfLine: rowOfLine, errors: &errors, request: request)
        } else if let note, note.count > 500 {
            errors["note"] = request.t("error.too_long")
        }
        guard errors.isEmpty, rows.allSatisfy({ $0.error == nil }), let organization, let currency else {
            return try await invoiceRefused(request, form: form, rows: rows, errors: errors)
        }
        guard let key = try? IdempotencyKey.validated(form.idempotency_key, field: "idempotency_key", messageKey: "staff.billing.form_expired") else {
            // Only a page from before the key (or no page at all) sends none: the form comes back as typed, with a key.
            var state = Self.typed(form)
            state.summary = request.t("staff.billing.form_expired")
            return try await render(request, form: state, invoiceRows: rows).encodeResponse(status: .unprocessableEntity, for: request)
        }
        let language = try await Organization.documentLanguage(of: organization.requireID(), default: request.kontor.config.defaultLanguage, on: request.db)
        let draft = InvoiceIssuer.Draft(organizationID: try organization.requireID(), currency: currency, lines: lines, language: language,
                                        issuedByStaffID: staff.id, note: note)
        let now = request.now
        // One invoice per form: the same form sent twice (a double click, a resend after a timeout) gets the first
        // one's answer; sent again with other contents, it is refused and the first invoice stands.
        let submissions = FormSubmissions(db: request.db), scope = "staff:\(try staff.requireID())"
        do {
            let issued = try await issuer.queued(for: draft.organizationID) {
                try await submissions.run(scope: scope, key: key, values: Self.requested(organization, draft), now: now) { db in
                    try await issuer.issue(draft, now: now, on: db).requireID()
                }
            }
            request.logger.notice("Staff \(staff.email) issued invoice \(issued.id) to customer \(organization.customerNumber ?? 0)\(issued.isReplay ? " (form sent again)" : "")")
            return Self.done(request, notice: "invoice_issued", returnTo: form.return_to, organization: organization)
        } catch is FormSubmissions.OtherValues {
            var state = Self.typed(form)
            state.summary = request.t("staff.billing.form_used")
            return try await render(request, form: state, invoiceRows: rows).encodeResponse(status: .conflict, for: request)
        } catch let failure as ValidationFailure {
            Self.place(failure.errors, rows: &rows, rowOfLine: rowOfLine, errors: &errors, request: request)
            return try await invoiceRefused(request, form: form, rows: rows, errors: errors)
        }
    }

    /// What the invoice form asked for: a resend of the form must match it to be the same request.
    static func requested(_ organization: Organization, _ draft: InvoiceIssuer.Draft) -> [String: String] {
        var values = ["form": "invoice", "organization": organization.id?.uuidString ?? "", "currency": draft.currency.code,
                      "note": draft.note ?? ""]
        for (index, line) in draft.lines.enumerated() {
            values["line\(index)"] = [line.description, String(line.quantity), String(line.unitPrice.minorUnits),
                                      String(line.vatRate.basisPoints)].joined(separator: "\u{1F}")
        }
        return values
    }

    /// The form's fields as typed, without its key (a new one is rendered).
    static func typed(_ form: InvoiceForm) -> FormState {
        FormState(values: ["invoice_customer_number": form.customer_number ?? "", "note": form.note ?? "",
                           "invoice_currency": form.currency ?? "", "return_to": form.return_to ?? ""])
    }

    /// Puts each of the issuer's field errors under its field: `lines[1].quantity` under the row line 1 came from
    /// ("Line 3: …" when an empty row came before it), `note` under the note, the rest under the lines table.
    static func place(_ failures: [FieldError], rows: inout [InvoiceLineRow], rowOfLine: [Int], errors: inout [String: String], request: Request) {
        for failure in failures {
            let message = request.t(failure.messageKey, failure.arguments)
            if let line = failure.field.firstMatch(of: /^lines\[(\d+)\]/).flatMap({ Int($0.1) }), let row = rowOfLine[safe: line] {
                let text = request.t("staff.billing.line_problem", ["line": String(row + 1), "problem": message])
                rows[row].error = [rows[row].error, text].compactMap { $0 }.joined(separator: " ")
            } else {
                let field = switch failure.field {
                case "note": "note"
                case "currency": "invoice_currency"
                case "billingAddressID": "invoice_customer_number"
                default: "lines"
                }
                if errors[field]?.contains(message) != true { errors[field] = [errors[field], message].compactMap { $0 }.joined(separator: " ") }
            }
        }
    }

    private func invoiceRefused(_ request: Request, form: InvoiceForm, rows: [InvoiceLineRow], errors: [String: String]) async throws -> Response {
        var state = Self.typed(form)
        state.errors = errors
        state.values["invoice_idempotency_key"] = form.idempotency_key
        if state.summary == nil { state.summary = rows.compactMap(\.error).first }
        return try await render(request, form: state, invoiceRows: rows).encodeResponse(status: .unprocessableEntity, for: request)
    }
}
