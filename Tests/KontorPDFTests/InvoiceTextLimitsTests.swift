import Testing
@testable import KontorPDF

/// An invoice is a legal document: the longest text the console lets staff write on it prints whole, never cut with
/// "…" (the console accepts descriptions of 200 characters and notes of 500).
@Suite("Invoice text limits")
struct InvoiceTextLimitsTests {
    typealias M = InvoiceMetrics

    /// Text of `count` characters in wide letters, in words as people write them.
    static func wide(_ count: Int) -> String {
        String(String(repeating: "WMWM WWMW ", count: count / 10 + 1).prefix(count))
    }

    @Test("the longest description and note the console accepts fit their line limits, in the widest letters")
    func longestTextsFit() throws {
        let canvas = try PDFCanvas()
        let typesetter = try Typesetter(context: canvas.context)
        let descriptionLines = typesetter.lineCount(Self.wide(200), style: M.body, width: M.Column.descriptionWidth, maxLines: 100)
        #expect(descriptionLines <= M.maximumDescriptionLines, "a 200-character description needs \(descriptionLines) lines")
        let noteLines = typesetter.lineCount(Self.wide(500), style: M.body, width: M.contentWidth, maxLines: 100)
        #expect(noteLines <= M.maximumNoteLines, "a 500-character note needs \(noteLines) lines")
    }
}
