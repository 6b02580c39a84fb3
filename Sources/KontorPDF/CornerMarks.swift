import CCairo

/// The corner marks that frame a blank field on the slip (amount, payer) for the payer to write in.
///
/// The guidelines ask for marks, not a full frame: 0.75 pt black lines, 3 mm long at each corner.
enum CornerMarks {
    static let armLength = Length.mm(3)
    static let lineWidth = 0.75

    /// Strokes the four corners of the rectangle `x, y, width, height` (points, page coordinates).
    static func draw(on context: OpaquePointer, x: Double, y: Double, width: Double, height: Double) {
        let arm = min(armLength, width / 2, height / 2)
        let right = x + width
        let bottom = y + height
        cairo_save(context)
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, lineWidth)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_MITER)
        let corners: [(Double, Double, Double, Double)] = [
            (x, y, 1, 1), (right, y, -1, 1), (x, bottom, 1, -1), (right, bottom, -1, -1),
        ]
        for (cornerX, cornerY, dx, dy) in corners {
            cairo_move_to(context, cornerX + dx * arm, cornerY)
            cairo_line_to(context, cornerX, cornerY)
            cairo_line_to(context, cornerX, cornerY + dy * arm)
        }
        cairo_stroke(context)
        cairo_restore(context)
    }
}
