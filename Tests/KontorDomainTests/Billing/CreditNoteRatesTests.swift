import KontorDomain
import Testing

@Suite("A credit note credits only the VAT its invoice charged: its rates, and at each rate no more net than the invoice's")
struct CreditNoteRatesTests {
    let invoiced: [VATRate: Int64] = [.swissStandard: 10_000, .zero: 5_000]

    @Test("lines at the invoice's rates within its net per rate are fine")
    func withinTheInvoice() {
        #expect(CreditNoteRates.problems(invoiced: invoiced, credited: [:], lines: [(10_000, .swissStandard), (5_000, .zero)]).isEmpty)
        #expect(CreditNoteRates.problems(invoiced: invoiced, credited: [.swissStandard: 4_000], lines: [(6_000, .swissStandard)]).isEmpty)
    }

    @Test("a rate the invoice did not charge is refused on that line's rate")
    func unknownRate() {
        let errors = CreditNoteRates.problems(invoiced: [.zero: 10_000], credited: [:], lines: [(1_000, .zero), (9_251, .swissStandard)])
        #expect(errors == [FieldError(field: "lines[1].vat", messageKey: "error.billing.credit_rate_not_invoiced")])
    }

    @Test("more net at a rate than the invoice charged there, counting earlier credit notes, is refused on each line at that rate")
    func exceedsTheRate() {
        let errors = CreditNoteRates.problems(invoiced: invoiced, credited: [.swissStandard: 8_000],
                                              lines: [(1_500, .swissStandard), (1_000, .swissStandard), (5_000, .zero)])
        #expect(errors.map(\.field) == ["lines[0].unitPrice", "lines[1].unitPrice"])
        #expect(errors.allSatisfy { $0.messageKey == "error.billing.credit_exceeds_rate" })
        // The total alone would pass: 25.00 + 50.00 is less than the invoice's 150.00 (plus VAT).
    }

    @Test("the tax given back is the note's share of the tax charged; the note that ends a rate gives back the rest")
    func taxShares() {
        let standard = VATRate(basisPoints: 810)
        let invoiced = [standard: (net: Int64(1_000), tax: Int64(81))]
        let first = CreditNoteRates.taxes(invoiced: invoiced, credited: [:], crediting: [standard: 500])
        #expect(first[standard] == 41, "40.5 rounds half up")
        let second = CreditNoteRates.taxes(invoiced: invoiced, credited: [standard: (net: 500, tax: 41)], crediting: [standard: 500])
        #expect(second[standard] == 40, "what is left of 0.81")
        let thirds = (0..<3).reduce(into: (credited: (net: Int64(0), tax: Int64(0)), taxes: [Int64]())) { state, _ in
            let tax = CreditNoteRates.taxes(invoiced: [standard: (net: 999, tax: 81)], credited: [standard: state.credited], crediting: [standard: 333])[standard]!
            state.credited = (state.credited.net + 333, state.credited.tax + tax)
            state.taxes.append(tax)
        }
        #expect(thirds.taxes.reduce(0, +) == 81 && thirds.taxes == [27, 27, 27])
    }
}
