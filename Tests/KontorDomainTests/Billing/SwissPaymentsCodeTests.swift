import KontorDomain
import Testing

@Suite("The Swiss QR code payload (SPC 0200, structured addresses)")
struct SwissPaymentsCodeTests {
    let creditor = PostalAddress(name: "Kontor Hosting AG", street: "Rue du Lac", buildingNumber: "12", postcode: "1201", town: "Genève",
                                 country: "CH")
    let debtor = PostalAddress(name: "Panadería García SL", street: "Calle Mayor", buildingNumber: "", postcode: "28013", town: "Madrid",
                               country: "ES")

    @Test("the fields appear in the standard's order, one a line, with the amount as a plain decimal")
    func payload() throws {
        let code = try SwissPaymentsCode(account: #require(IBAN("CH4431999123000889012")), creditor: creditor,
                                         amount: Money(minorUnits: 194_970, currency: .chf), currency: .chf, debtor: debtor,
                                         reference: PaymentReference("210000000003139471430009017"), message: "Invoice INV-000001")
        let expected = ["SPC", "0200", "1", "CH4431999123000889012",
                        "S", "Kontor Hosting AG", "Rue du Lac", "12", "1201", "Genève", "CH",
                        "", "", "", "", "", "", "",
                        "1949.70", "CHF",
                        "S", "Panadería García SL", "Calle Mayor", "", "28013", "Madrid", "ES",
                        "QRR", "210000000003139471430009017", "Invoice INV-000001", "EPD"]
        #expect(code.fields == expected)
        #expect(code.text == expected.joined(separator: "\n"))
    }

    @Test("a top-up slip has no amount, no debtor and may carry an RF reference to a normal IBAN")
    func topUpSlip() throws {
        let code = try SwissPaymentsCode(account: #require(IBAN("CH5800791123000889012")), creditor: creditor, amount: nil,
                                         currency: .eur, debtor: nil, reference: PaymentReference("RF18539007547034"), message: nil)
        #expect(code.fields[18] == "" && code.fields[19] == "EUR" && code.fields[20...26].allSatisfy(\.isEmpty))
        #expect(code.fields[27] == "SCOR" && code.fields.last == "EPD")
    }

    @Test("what a bank would refuse cannot be built")
    func refusals() throws {
        let qrIBAN = try #require(IBAN("CH4431999123000889012"))
        let iban = try #require(IBAN("CH5800791123000889012"))
        let qrr = PaymentReference("210000000003139471430009017")
        let scor = PaymentReference("RF18539007547034")
        let chf = Money(minorUnits: 100, currency: .chf)
        #expect(throws: SwissPaymentsCode.Problem.qrIBANNeedsQRReference) {
            try SwissPaymentsCode(account: qrIBAN, creditor: creditor, amount: chf, currency: .chf, debtor: nil, reference: scor, message: nil)
        }
        #expect(throws: SwissPaymentsCode.Problem.qrIBANNeedsQRReference) {
            try SwissPaymentsCode(account: qrIBAN, creditor: creditor, amount: chf, currency: .chf, debtor: nil, reference: nil, message: nil)
        }
        #expect(throws: SwissPaymentsCode.Problem.qrReferenceNeedsQRIBAN) {
            try SwissPaymentsCode(account: iban, creditor: creditor, amount: chf, currency: .chf, debtor: nil, reference: qrr, message: nil)
        }
        #expect(throws: SwissPaymentsCode.Problem.currencyNotAllowed) {
            try SwissPaymentsCode(account: iban, creditor: creditor, amount: nil, currency: .usd, debtor: nil, reference: nil, message: nil)
        }
        #expect(throws: SwissPaymentsCode.Problem.amountOutOfRange) {
            try SwissPaymentsCode(account: iban, creditor: creditor, amount: .zero(.chf), currency: .chf, debtor: nil, reference: nil, message: nil)
        }
        #expect(throws: SwissPaymentsCode.Problem.messageTooLong) {
            try SwissPaymentsCode(account: iban, creditor: creditor, amount: nil, currency: .chf, debtor: nil, reference: nil,
                                  message: String(repeating: "m", count: 141))
        }
    }

    @Test("a line break inside a field cannot shift the fields after it")
    func lineBreaks() throws {
        let name = PostalAddress(name: "Evil\nName", street: "S", buildingNumber: "", postcode: "1", town: "T", country: "CH")
        let code = try SwissPaymentsCode(account: #require(IBAN("CH5800791123000889012")), creditor: name, amount: nil, currency: .chf,
                                         debtor: nil, reference: nil, message: "two\r\nlines")
        #expect(code.fields.count == 31 && code.fields[5] == "Evil Name" && code.fields[29] == "two lines")
    }
}
