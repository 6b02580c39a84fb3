import CCairo

/// The cut lines around the slip: one above it (from the invoice) and one between receipt and payment
/// part, each with a scissors symbol, as the guidelines ask for a slip printed on unperforated paper.
enum SeparationLines {
    static let lineWidth = 0.5
    /// Length of the scissors symbol along its line.
    static let scissorsLength = Length.mm(4.5)

    /// Draws both lines for a slip whose top-left corner is at `top` (points from the page top, x = 0).
    static func draw(on context: OpaquePointer, slipTop top: Double) {
        let receiptRight = Length.mm(SlipGeometry.Receipt.width)
        cairo_save(context)
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, lineWidth)
        cairo_move_to(context, 0, top)
        cairo_line_to(context, A4.width, top)
        cairo_move_to(context, receiptRight, top)
        cairo_line_to(context, receiptRight, top + Length.mm(SlipGeometry.height))
        cairo_stroke(context)
        cairo_restore(context)

        // On the horizontal line near the left edge, blades pointing right; on the vertical line near its
        // top, blades pointing down, the way one would cut.
        drawScissors(on: context, centreX: Length.mm(7), centreY: top, angle: 0)
        drawScissors(on: context, centreX: receiptRight, centreY: top + Length.mm(7), angle: Double.pi / 2)
    }

    /// A scissors symbol drawn with vector paths (no font has to carry U+2702), centred on the line it
    /// cuts, with a white background that interrupts the line under it.
    static func drawScissors(on context: OpaquePointer, centreX: Double, centreY: Double, angle: Double) {
        let length = scissorsLength
        cairo_save(context)
        cairo_translate(context, centreX, centreY)
        cairo_rotate(context, angle)
        // Everything below in units of the symbol's length, from -0.5 (handles) to +0.5 (blade tips).
        cairo_scale(context, length, length)

        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_rectangle(context, -0.55, -0.3, 1.1, 0.6)
        cairo_fill(context)

        cairo_set_source_rgb(context, 0, 0, 0)
        for side in [-1.0, 1.0] {
            // Each blade runs from its handle on one side, through the pivot, to a tip just past the axis.
            cairo_move_to(context, -0.22, side * 0.13)
            cairo_line_to(context, 0.5, -side * 0.035)
            cairo_line_to(context, 0.46, -side * 0.065)
            cairo_line_to(context, -0.2, side * 0.07)
            cairo_close_path(context)
            cairo_fill(context)
            // The finger ring.
            cairo_new_sub_path(context)
            cairo_arc(context, -0.33, side * 0.16, 0.12, 0, 2 * Double.pi)
            cairo_set_line_width(context, 0.05)
            cairo_stroke(context)
        }
        cairo_restore(context)
    }
}
