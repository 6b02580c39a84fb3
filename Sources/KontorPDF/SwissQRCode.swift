import CCairo
import KontorQR

/// The Swiss QR code: a QR code at correction level M, 46 mm square, with the Swiss cross in its middle.
struct SwissQRCode {
    /// The Swiss Payments Code allows at most 997 characters.
    static let maximumPayloadLength = 997

    let code: QRCode

    /// Encodes `payload`; throws when it is too long for the standard or cannot be a QR code at all.
    init(payload: String) throws(PDFError) {
        guard payload.count <= Self.maximumPayloadLength else {
            throw .payloadTooLong(characters: payload.count)
        }
        do {
            code = try QRCode(encoding: payload, correction: .medium)
        } catch {
            throw .qrCodeUnencodable("\(error)")
        }
    }

    /// Draws the code so its modules fill the square at `x, y` with side `side` (points). The quiet zone is
    /// the caller's: the slip's layout keeps 5 mm free around the square.
    ///
    /// Modules are vector rectangles, each horizontal run of dark modules merged into one, all filled as a
    /// single path: fewer operators, and no hairline seams between neighbours when a viewer anti-aliases.
    func draw(on context: OpaquePointer, x: Double, y: Double, side: Double) {
        let module = side / Double(code.size)
        cairo_save(context)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_rectangle(context, x, y, side, side)
        cairo_fill(context)

        cairo_set_source_rgb(context, 0, 0, 0)
        for row in 0..<code.size {
            var column = 0
            while column < code.size {
                guard code.isDark(x: column, y: row) else {
                    column += 1
                    continue
                }
                let runStart = column
                while column < code.size, code.isDark(x: column, y: row) { column += 1 }
                cairo_rectangle(
                    context, x + Double(runStart) * module, y + Double(row) * module,
                    Double(column - runStart) * module, module)
            }
        }
        cairo_fill(context)
        cairo_restore(context)

        let cross = Length.mm(7)
        Self.drawSwissCross(on: context, centreX: x + side / 2, centreY: y + side / 2, side: cross)
    }

    /// The Swiss cross recognition symbol: a black square with a white border and a white cross, `side`
    /// points overall (7 mm on the slip). The cross has the flag's proportions: arms 6/32 of the square
    /// wide and 20/32 long from end to end.
    static func drawSwissCross(on context: OpaquePointer, centreX: Double, centreY: Double, side: Double) {
        let border = side * 0.07
        let square = side - 2 * border
        let armLength = square * 20 / 32
        let armWidth = square * 6 / 32
        cairo_save(context)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_rectangle(context, centreX - side / 2, centreY - side / 2, side, side)
        cairo_fill(context)
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_rectangle(context, centreX - square / 2, centreY - square / 2, square, square)
        cairo_fill(context)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_rectangle(context, centreX - armWidth / 2, centreY - armLength / 2, armWidth, armLength)
        cairo_rectangle(context, centreX - armLength / 2, centreY - armWidth / 2, armLength, armWidth)
        // Non-zero winding: the overlapping centre stays filled.
        cairo_fill(context)
        cairo_restore(context)
    }
}
