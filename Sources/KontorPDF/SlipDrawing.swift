import CCairo

/// Draws a QR-bill slip (receipt and payment part) into the lower 105 mm of the current page.
///
/// The QR code is encoded in `init`, before anything is drawn, so an unencodable payload fails the render
/// instead of leaving half a slip on the page.
struct SlipDrawing {
    let slip: QRBillSlip
    let qrCode: SwissQRCode
    let terms: SlipTerms
    /// The slip's top edge in points from the page top: it always sits at the bottom of an A4 page.
    let top = A4.height - Length.mm(SlipGeometry.height)

    init(_ slip: QRBillSlip) throws(PDFError) {
        self.slip = slip
        self.qrCode = try SwissQRCode(payload: slip.payload)
        self.terms = SlipTerms.of(slip.language)
    }

    /// Draws the whole slip with its cut lines.
    func draw(on context: OpaquePointer, typesetter: Typesetter) {
        SeparationLines.draw(on: context, slipTop: top)
        drawReceipt(on: context, typesetter: typesetter)
        drawPaymentPart(on: context, typesetter: typesetter)
    }

    /// Page x in points for `millimetres` from the slip's left edge.
    func x(_ millimetres: Double) -> Double { Length.mm(millimetres) }
    /// Page y in points for `millimetres` below the slip's top edge.
    func y(_ millimetres: Double) -> Double { top + Length.mm(millimetres) }

    /// The baseline of a first line of `style` whose top is `millimetres` below the slip's top edge.
    func baseline(top millimetres: Double, _ style: TextStyle) -> Double {
        y(millimetres) + style.size * InformationColumn.ascent
    }

    /// Draws a corner-mark box at a slip position given in millimetres.
    func drawBox(_ box: SlipGeometry.Box, on context: OpaquePointer) {
        CornerMarks.draw(
            on: context, x: x(box.left), y: y(box.top), width: Length.mm(box.width), height: Length.mm(box.height))
    }
}
