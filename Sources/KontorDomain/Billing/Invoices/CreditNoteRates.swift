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
}
