/// What a credit note may credit at each VAT rate: only the rates its invoice charged, and at each rate no more net
/// than the invoice charged there, less what earlier credit notes credited at it. A credit note corrects the VAT the
/// invoice collected (the provider's VAT return deducts it), never tax that was not charged.
public enum CreditNoteRates {
    /// Every line problem, by field: `lines[i].vat` (the request's field) for a rate the invoice does not have, `lines[i].unitPrice` for
    /// each line at a rate whose credited net (these lines plus `credited`) exceeds the invoice's net at it.
    /// `invoiced` and `credited` are net minor units per rate; `lines` the credit note's line nets and rates in order.
    public static func problems(invoiced: [VATRate: Int64], credited: [VATRate: Int64], lines: [(net: Int64, rate: VATRate)]) -> [FieldError] {
        var errors: [FieldError] = []
        var crediting: [VATRate: Int64] = [:]
        for (index, line) in lines.enumerated() {
            if invoiced[line.rate] == nil {
                errors.append(FieldError(field: "lines[\(index)].vat", messageKey: "error.billing.credit_rate_not_invoiced"))
            } else {
                crediting[line.rate, default: 0] += line.net
            }
        }
        let exceeded = Set(crediting.filter { rate, net in net + (credited[rate] ?? 0) > (invoiced[rate] ?? 0) }.keys)
        for (index, line) in lines.enumerated() where exceeded.contains(line.rate) {
            errors.append(FieldError(field: "lines[\(index)].unitPrice", messageKey: "error.billing.credit_exceeds_rate"))
        }
        return errors
    }

    /// The tax a credit note gives back at each rate it credits: its share of the tax the invoice charged there, as the
    /// invoice's tax times the net credited so far (earlier notes and this one) over the invoice's net, rounded half up,
    /// less what earlier notes gave back. Rounding each note's own tax afresh made halves never add up: 10.00 at 8.1 %
    /// (0.81) credited as two halves gave 0.41 twice, more tax than was charged, and the second half was refused.
    /// The note that credits the last of a rate's net gives back exactly what is left of its tax.
    /// `invoiced` and `credited` are (net, tax) in minor units per rate; `crediting` this note's net per rate.
    public static func taxes(invoiced: [VATRate: (net: Int64, tax: Int64)], credited: [VATRate: (net: Int64, tax: Int64)],
                             crediting: [VATRate: Int64]) -> [VATRate: Int64] {
        var taxes: [VATRate: Int64] = [:]
        for (rate, net) in crediting {
            guard let charged = invoiced[rate], charged.net != 0 else { continue }
            let before = credited[rate] ?? (net: 0, tax: 0)
            let cumulative = before.net + net
            // |tax| × |cumulative net| at full width, divided by |invoiced net|, half up; the sign of the invoice's tax.
            let product = UInt64(charged.tax.magnitude).multipliedFullWidth(by: UInt64(cumulative.magnitude))
            let divisor = UInt64(charged.net.magnitude)
            guard product.high < divisor else { continue }   // beyond the invoice's net: refused by `problems`
            let (quotient, remainder) = divisor.dividingFullWidth(product)
            let share = Int64(remainder * 2 >= divisor ? quotient + 1 : quotient)
            taxes[rate] = (charged.tax < 0) != (cumulative < 0) ? -share - before.tax : share - before.tax
        }
        return taxes
    }
}
