import PDFReading
import Testing
import Foundation
import KontorPDF

/// The files themselves: real PDFs, the right number of pages, and errors instead of crashes.
@Suite("PDF files and pages")
struct PDFStructureTests {
    @Test("an invoice is a PDF file")
    func startsWithPDFHeader() throws {
        let pdf = try PDFRenderer.invoice(Samples.invoice())

        #expect(Array(pdf.prefix(4)) == Array("%PDF".utf8))
        #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
    }

    @Test("a short invoice and its slip fit on one page")
    func shortInvoiceIsOnePage() throws {
        let pdf = try PDFRenderer.invoice(Samples.invoice(lineCount: 3))

        #expect(try Poppler.pageCount(of: pdf) == 1)
    }

    @Test("a long invoice runs over several pages and its slip gets a page of its own")
    func longInvoiceGetsSlipPage() throws {
        let pdf = try PDFRenderer.invoice(Samples.invoice(lineCount: 40))

        let pages = try Poppler.pageCount(of: pdf)
        #expect(pages >= 3)
        let lastPage = try Poppler.text(of: pdf, page: pages)
        #expect(lastPage.contains("Zahlteil"))
        #expect(!lastPage.contains("Webhosting Business"))
        #expect(try Poppler.text(of: pdf, page: pages - 1).contains("Total CHF"))
    }

    @Test("continuation pages repeat the column headings and are numbered")
    func continuationPages() throws {
        let pdf = try PDFRenderer.invoice(Samples.invoice(lineCount: 40, slip: nil))

        let pages = try Poppler.pageCount(of: pdf)
        let second = try Poppler.text(of: pdf, page: 2)
        #expect(second.contains("Beschreibung"))
        // pdftotext may drop the thin spaces around the slash.
        #expect(second.replacingOccurrences(of: " ", with: "").contains("2/\(pages)"))
    }

    @Test("an invoice without a slip has no payment part")
    func invoiceWithoutSlip() throws {
        let pdf = try PDFRenderer.invoice(Samples.invoice(slip: nil))

        #expect(try Poppler.pageCount(of: pdf) == 1)
        #expect(try !Poppler.text(of: pdf).contains("Empfangsschein"))
    }

    @Test("a slip on its own is one A4 page")
    func slipIsOneA4Page() throws {
        let pdf = try PDFRenderer.slip(Samples.slip(amount: nil, hasDebtor: false))

        #expect(try Poppler.pageCount(of: pdf) == 1)
        let info = String(decoding: try Poppler.withFile(pdf) { try Poppler.run("pdfinfo", [$0]) }, as: UTF8.self)
        #expect(info.contains("595.276 x 841.89 pts (A4)"))
    }

    @Test("a payload longer than 997 characters is refused with an error")
    func overlongPayload() {
        var slip = Samples.slip()
        slip.payload += String(repeating: "x", count: 1000)

        #expect(throws: PDFError.payloadTooLong(characters: slip.payload.count)) {
            try PDFRenderer.slip(slip)
        }
    }

    @Test("an empty payload is refused with an error")
    func emptyPayload() {
        var slip = Samples.slip()
        slip.payload = ""

        #expect(throws: PDFError.self) { try PDFRenderer.slip(slip) }
    }

    @Test("renders from many tasks at once all succeed")
    func concurrentRendering() async throws {
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask { try PDFRenderer.invoice(Samples.invoice(lineCount: 12)).count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }

        #expect(sizes.count == 16)
        #expect(sizes.allSatisfy { $0 > 10_000 })
    }
}
