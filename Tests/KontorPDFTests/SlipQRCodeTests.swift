import PDFReading
import Testing
import KontorPDF

/// The essential promise of the slip: a scanner reads back exactly the payload that was meant.
@Suite("The QR code on the slip scans to the payload")
struct SlipQRCodeTests {
    @Test("a slip with amount and payer scans to the payload, line by line, umlauts and ß included")
    func fullSlipScans() throws {
        let slip = Samples.slip()

        let pdf = try PDFRenderer.slip(slip)

        let codes = try Poppler.qrCodes(in: pdf)
        try #require(codes.count == 1)
        #expect(lines(codes[0]) == lines(slip.payload))
        #expect(codes[0].contains("Françoise Müller-Weiß"))
    }

    @Test("an open slip (no amount, no payer) scans with the amount and debtor fields empty")
    func openSlipScans() throws {
        let slip = Samples.slip(amount: nil, hasDebtor: false)

        let pdf = try PDFRenderer.slip(slip)

        let codes = try Poppler.qrCodes(in: pdf)
        try #require(codes.count == 1)
        let fields = lines(codes[0])
        #expect(fields == lines(slip.payload))
        // Amount is field 19 (after header 3, IBAN, creditor 7, ultimate creditor 7); debtor follows currency.
        #expect(fields[18] == "")
        #expect(fields[19] == "CHF")
        #expect(fields[20...26].allSatisfy { $0.isEmpty })
    }

    @Test("the slip at the bottom of an invoice scans on the invoice's last page")
    func invoiceSlipScans() throws {
        let document = Samples.invoice()

        let pdf = try PDFRenderer.invoice(document)

        let codes = try Poppler.qrCodes(in: pdf, page: try Poppler.pageCount(of: pdf))
        try #require(codes.count == 1)
        #expect(lines(codes[0]) == lines(document.slip!.payload))
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
