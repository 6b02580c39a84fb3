import KontorDomain
import Testing

@Suite("Money: integer minor units, exact decimal parsing, VAT per rate")
struct MoneyTests {
    @Test("decimal strings become minor units exactly, whatever the currency's exponent")
    func parsing() throws {
        #expect(try Money.parse("1949.70", currency: .chf).get().minorUnits == 194_970)
        #expect(try Money.parse("1949.7", currency: .chf).get().minorUnits == 194_970)
        #expect(try Money.parse("-0.05", currency: .eur).get().minorUnits == -5)
        #expect(try Money.parse("1500", currency: .jpy).get().minorUnits == 1500)
        #expect(try Money.parse("1.234", currency: .kwd).get().minorUnits == 1234)
        // Bank files write up to five fraction digits; zeros below the minor unit are harmless.
        #expect(try Money.parse("10.50000", currency: .chf).get().minorUnits == 1050)
    }

    @Test("finer amounts are refused, never rounded; anything but a plain decimal is malformed")
    func refusals() {
        #expect(Money.parse("10.005", currency: .chf) == .failure(.finerThanMinorUnit))
        #expect(Money.parse("0.00001", currency: .eur) == .failure(.finerThanMinorUnit))
        #expect(Money.parse("1.5", currency: .jpy) == .failure(.finerThanMinorUnit))
        for text in ["", "1,50", "1e3", ".5", "5.", "1.2.3", "CHF 5", "١٢", "9999999999999999999", "--1", " "] {
            #expect(Money.parse(text, currency: .chf) == .failure(.malformed), "\(text)")
        }
    }

    @Test("decimals read on bytes (plain ASCII) and the general way (anything else) give the same answers")
    func decimalAmountBothWays() {
        let read: [String: DecimalAmount?] = [
            "12": DecimalAmount(significand: 12, fractionDigits: 0), "+1.00": DecimalAmount(significand: 100, fractionDigits: 2),
            "-0.05": DecimalAmount(significand: -5, fractionDigits: 2), "123456789012345678": DecimalAmount(significand: 123_456_789_012_345_678, fractionDigits: 0),
            "0.00001": DecimalAmount(significand: 1, fractionDigits: 5), " 12.50 ": DecimalAmount(significand: 1250, fractionDigits: 2),
            "\t7": DecimalAmount(significand: 7, fractionDigits: 0),
            "1234567890123456789": nil, "-": nil, "+-1": nil, "1-": nil, "1.2.": nil, "12.": nil, ".5": nil, "": nil, "1 2": nil, "١٢": nil,
        ]
        for (text, expected) in read {
            #expect(DecimalAmount(text) == expected, "\(text)")
        }
        #expect(DecimalAmount(significand: -5, fractionDigits: 2).description == "-0.05")
        #expect(DecimalAmount(significand: 194_970, fractionDigits: 2).description == "1949.70")
        #expect(DecimalAmount(significand: 12, fractionDigits: 0).description == "12")
        #expect(DecimalAmount(significand: 1, fractionDigits: 5).description == "0.00001")
        #expect(Currency(code: "CHF") == .chf && Currency(code: " chf ") == .chf && Currency(code: "XXX") == nil && Currency(code: "CH") == nil)
    }

    @Test("the plain decimal form has exactly the currency's digits")
    func decimalString() {
        #expect(Money(minorUnits: 194_970, currency: .chf).decimalString == "1949.70")
        #expect(Money(minorUnits: 5, currency: .chf).decimalString == "0.05")
        #expect(Money(minorUnits: -5, currency: .chf).decimalString == "-0.05")
        #expect(Money(minorUnits: 1500, currency: .jpy).decimalString == "1500")
        #expect(Money(minorUnits: 1, currency: .kwd).decimalString == "0.001")
        #expect(Money(minorUnits: .min, currency: .chf).decimalString == "-92233720368547758.08")
    }

    @Test("arithmetic refuses mixed currencies and overflow instead of answering wrong")
    func arithmetic() throws {
        let chf = Money(minorUnits: 100, currency: .chf)
        #expect(try chf.adding(chf).minorUnits == 200)
        #expect(throws: MoneyError.currencyMismatch(.chf, .eur)) { try chf.adding(.zero(.eur)) }
        #expect(throws: MoneyError.overflow) { try Money(minorUnits: .max, currency: .chf).adding(chf) }
        #expect(throws: MoneyError.overflow) { try Money(minorUnits: .max / 2, currency: .chf).multiplied(by: 3) }
    }

    @Test("only currencies with a known exponent exist")
    func currencies() {
        #expect(Currency(code: " chf ") == .chf)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency.qrBill == [.chf, .eur])
    }

    @Test("VAT rates are read as hundredths of a percent and printed without trailing zeros")
    func rates() {
        #expect(VATRate(percent: "8.1") == .swissStandard)
        #expect(VATRate(percent: "2.60") == .swissReduced)
        #expect(VATRate(percent: "0")?.basisPoints == 0)
        #expect(VATRate(percent: "100.01") == nil && VATRate(percent: "-1") == nil && VATRate(percent: "8.125") == nil)
        #expect(VATRate.swissStandard.percentText == "8.1" && VATRate(basisPoints: 705).percentText == "7.05")
    }

    @Test("VAT is computed once per rate on the sum of the lines, rounded half up (BR-CO-17)")
    func vatPerRate() throws {
        // Three lines of 0.06 at 8.1 %: per line 0.00486 → 0.00 each, but on the sum 0.18 → 0.01458 → 0.01.
        let line = Money(minorUnits: 6, currency: .chf)
        let breakdown = try VATBreakdown(lines: [(line, .swissStandard), (line, .swissStandard), (line, .swissStandard),
                                                 (Money(minorUnits: 10_000, currency: .chf), .swissReduced)], currency: .chf)
        #expect(breakdown.groups.map(\.rate) == [.swissStandard, .swissReduced])
        #expect(breakdown.groups.map(\.tax.minorUnits) == [1, 260])
        #expect(breakdown.net.minorUnits == 10_018 && breakdown.tax.minorUnits == 261 && breakdown.total.minorUnits == 10_279)
        // Half up: 50.00 at 8.1 % = 4.05 exactly; 0.50 → 0.0405 → 0.04; 18.52 → 1.50012 → 1.50; 6.79 → 0.54999 → 0.55.
        #expect(VATRate.swissStandard.tax(on: Money(minorUnits: 5000, currency: .chf)).minorUnits == 405)
        #expect(VATRate(basisPoints: 5000).tax(on: Money(minorUnits: 1, currency: .chf)).minorUnits == 1)
        #expect(VATRate(basisPoints: 5000).tax(on: Money(minorUnits: -1, currency: .chf)).minorUnits == -1)
        #expect(VATRate.swissStandard.tax(on: Money(minorUnits: .max, currency: .chf)).minorUnits > 0)
    }

    @Test("reverse charge: the same groups, no tax")
    func reverseCharge() throws {
        let breakdown = try VATBreakdown(lines: [(Money(minorUnits: 10_000, currency: .eur), .swissStandard)], currency: .eur,
                                         reverseCharge: true)
        #expect(breakdown.tax.isZero && breakdown.total.minorUnits == 10_000 && breakdown.groups.count == 1)
    }
}
