/// Turns invoices and payment slips into PDF files (A4 portrait), in memory.
///
/// Every call builds its own cairo surface and Pango layout, so calls may run concurrently from any number
/// of tasks. A call is synchronous CPU work of a few milliseconds; run it off the event loop in a server.
public enum PDFRenderer {
    /// The invoice as a PDF: header, addresses, details, the line table over as many pages as it needs,
    /// totals and notes, and the QR-bill slip in the lower 105 mm of the last page (or on a page of its own
    /// when the last page has less than 105 mm left).
    public static func invoice(_ document: InvoiceDocument) throws(PDFError) -> [UInt8] {
        let slip = try document.slip.map { slip throws(PDFError) in try SlipDrawing(slip) }
        let canvas = try PDFCanvas()
        let typesetter = try Typesetter(context: canvas.context)
        canvas.setTitle(document.titleLines.first ?? "Invoice")
        let layout = InvoiceLayout.paginate(document, typesetter: typesetter, reservingSlip: slip != nil)
        try InvoiceDrawing(document: document, layout: layout, slip: slip)
            .draw(on: canvas, typesetter: typesetter)
        return try canvas.finish()
    }

    /// A PDF of one A4 page holding only the slip at the bottom, e.g. a top-up or standing-order slip
    /// without amount.
    public static func slip(_ slip: QRBillSlip) throws(PDFError) -> [UInt8] {
        let drawing = try SlipDrawing(slip)
        let canvas = try PDFCanvas()
        let typesetter = try Typesetter(context: canvas.context)
        canvas.setTitle(SlipTerms.of(slip.language).paymentPart)
        drawing.draw(on: canvas.context, typesetter: typesetter)
        return try canvas.finish()
    }
}
