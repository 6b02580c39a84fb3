import Fluent
import Foundation
import KontorDomain

/// Turns the staff API's JSON into what `InvoiceIssuer` takes, naming every bad field at once (`lines[1].vat`);
/// the issuer then checks the draft itself, as it does for the staff page.
struct StaffInvoiceDrafts {
    let db: any Database
    let config: BillingConfiguration

    /// The organization named by customer number or ID; a 422 naming the field when it is missing or unknown.
    func organization(customerNumber: Int64?, id: UUID?) async throws -> Organization {
        if let id {
            guard let organization = try await Organization.find(id, on: db) else {
                throw ValidationFailure([FieldError(field: "organizationId", messageKey: "staff.tokens.organization_unknown")])
            }
            if let customerNumber, organization.customerNumber != customerNumber {
                throw ValidationFailure([FieldError(field: "customerNumber", messageKey: "staff.tokens.organization_mismatch")])
            }
            return organization
        }
        guard let customerNumber else { throw ValidationFailure([FieldError(field: "customerNumber", messageKey: "error.required")]) }
        guard let organization = try await Organization.query(on: db).filter(\.$customerNumber == customerNumber).first() else {
            throw ValidationFailure([FieldError(field: "customerNumber", messageKey: "staff.billing.customer_unknown")])
        }
        return organization
    }

    /// The currency an invoice is written in: a known code with a configured account.
    func currency(_ code: String?) -> Result<Currency, FieldError> {
        guard let code else { return .failure(FieldError(field: "currency", messageKey: "error.required")) }
        guard let currency = Currency.known[code] else { return .failure(FieldError(field: "currency", messageKey: "error.billing.currency_unknown")) }
        return .success(currency)
    }

    /// A manual invoice must ask for money: one of 0.00 would be numbered, mailed and marked paid at once, and could be
    /// undone only by a credit note of nothing. Lines of 0.00 beside a priced line are fine.
    static func zeroTotal(_ lines: [InvoiceIssuer.Line]) -> [FieldError] {
        guard !lines.isEmpty, lines.allSatisfy({ $0.unitPrice.minorUnits == 0 }) else { return [] }
        return [FieldError(field: "lines", messageKey: "error.billing.total_zero")]
    }

    /// The lines, or the problems with them; prices must be in `currency` (the issuer says so for `lines[i].unitPrice`).
    func lines(_ input: [APIModels.StaffInvoiceLine]?, currency: Currency?) -> (lines: [InvoiceIssuer.Line], errors: [FieldError]) {
        guard let input, !input.isEmpty else { return ([], [FieldError(field: "lines", messageKey: "error.billing.lines_required")]) }
        var lines: [InvoiceIssuer.Line] = []
        var errors: [FieldError] = []
        for (index, line) in input.enumerated() {
            let field = "lines[\(index)]"
            let price = line.unitPrice.flatMap { price in
                price.amountMinor.flatMap { minor in price.currency.flatMap { Currency.known[$0] }.map { Money(minorUnits: minor, currency: $0) } }
            }
            if price == nil { errors.append(FieldError(field: "\(field).unitPrice", messageKey: "error.billing.price")) }
            let rate = config.vatRates.rate(named: line.vat ?? "standard")
            if rate == nil { errors.append(FieldError(field: "\(field).vat", messageKey: "error.billing.vat_unknown")) }
            if let price, let rate {
                lines.append(.init(description: line.description ?? "", quantity: line.quantity ?? 1, unitPrice: price, vatRate: rate))
            }
        }
        return (lines, errors)
    }
}
