import CCairo

/// Sets plain text with Pango on one cairo context: shaping, accents, font fallback, wrapping and ellipses.
///
/// Thread safety: `pango_cairo_create_layout` uses `pango_cairo_font_map_get_default()`, which since Pango
/// 1.32.6 is a separate font map per thread ("In this way, PangoCairo can be used safely from multiple
/// threads", Pango docs). A render call is synchronous and never suspends, so it stays on one thread from
/// the first layout to the last; concurrent renders on other threads use their own font maps. No lock needed.
final class Typesetter {
    private let context: OpaquePointer
    /// One layout reused for every piece of text: creating layouts is the costly part.
    private let layout: OpaquePointer
    /// A line of the shared layout, valid until the next text is set.
    private typealias Line = UnsafeMutablePointer<PangoLayoutLine>
    private var fonts: [TextStyle: OpaquePointer] = [:]

    /// A typesetter drawing on `context` (a `cairo_t *`).
    init(context: OpaquePointer) throws(PDFError) {
        guard let layout = pango_cairo_create_layout(context) else { throw .textLayoutUnavailable }
        self.context = context
        self.layout = layout
        // Exact (unrounded) glyph positions: a PDF is scaled by the viewer, so pixel rounding only distorts.
        pango_context_set_round_glyph_positions(pango_layout_get_context(layout), 0)
        pango_layout_context_changed(layout)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        for font in fonts.values { pango_font_description_free(font) }
    }

    /// Draws `text` on one line with its baseline at `baseline`, cut with "…" if wider than `maxWidth`.
    /// Returns the width drawn.
    @discardableResult
    func drawLine(
        _ text: String, style: TextStyle, x: Double, baseline: Double, maxWidth: Double,
        alignment: TextAlignment = .left
    ) -> Double {
        let lines = prepare(text, style: style, width: maxWidth, maxLines: 1)
        guard let line = lines.first else { return 0 }
        return draw(line, x: x, baseline: baseline, alignment: alignment)
    }

    /// Draws `text` wrapped to `width` in at most `maxLines` lines `leading` apart, the last one ending in
    /// "…" if text is left over. Returns the number of lines drawn.
    @discardableResult
    func drawWrapped(
        _ text: String, style: TextStyle, x: Double, firstBaseline: Double, width: Double, maxLines: Int,
        leading: Double
    ) -> Int {
        let lines = prepare(text, style: style, width: width, maxLines: maxLines)
        for (index, line) in lines.enumerated() {
            draw(line, x: x, baseline: firstBaseline + Double(index) * leading, alignment: .left)
        }
        return lines.count
    }

    /// How many lines `text` takes when wrapped to `width`, at most `maxLines`.
    func lineCount(_ text: String, style: TextStyle, width: Double, maxLines: Int) -> Int {
        prepare(text, style: style, width: width, maxLines: maxLines).count
    }

    /// The natural width of `text` on one line.
    func width(of text: String, style: TextStyle) -> Double {
        guard let line = prepare(text, style: style, width: nil, maxLines: 1).first else { return 0 }
        return Self.logicalWidth(of: line)
    }

    /// Puts `text` into the shared layout and returns its lines (owned by the layout until the next call).
    private func prepare(_ text: String, style: TextStyle, width: Double?, maxLines: Int) -> [Line] {
        let clean = Self.printable(text)
        pango_layout_set_font_description(layout, font(for: style))
        pango_layout_set_width(layout, width.map { Int32(max(0, $0) * Double(PANGO_SCALE)) } ?? -1)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        // A negative height is a line limit per paragraph; the text is one paragraph (see `printable`).
        pango_layout_set_height(layout, -Int32(max(1, maxLines)))
        pango_layout_set_ellipsize(layout, width == nil ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END)
        clean.withCString { pango_layout_set_text(layout, $0, Int32(clean.utf8.count)) }

        let count = Int(pango_layout_get_line_count(layout))
        return (0..<min(count, max(1, maxLines))).compactMap { pango_layout_get_line_readonly(layout, Int32($0)) }
    }

    /// Draws one prepared line; returns its width.
    @discardableResult
    private func draw(_ line: Line, x: Double, baseline: Double, alignment: TextAlignment) -> Double {
        let width = Self.logicalWidth(of: line)
        let left = alignment == .left ? x : x - width
        cairo_move_to(context, left, baseline)
        // Draws with the line's baseline at the current point.
        pango_cairo_show_layout_line(context, line)
        return width
    }

    private static func logicalWidth(of line: Line) -> Double {
        var logical = PangoRectangle()
        pango_layout_line_get_extents(line, nil, &logical)
        return Double(logical.width) / Double(PANGO_SCALE)
    }

    /// The font description for `style`, made once per typesetter.
    /// Nil only when out of memory; Pango then uses its default font rather than failing.
    private func font(for style: TextStyle) -> OpaquePointer? {
        if let font = fonts[style] { return font }
        guard let font = pango_font_description_new() else { return nil }
        pango_font_description_set_family(font, TextStyle.family)
        pango_font_description_set_weight(font, style.isBold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(font, PANGO_STYLE_NORMAL)
        // Absolute size is in device units, which on a PDF surface are points; the plain size would be
        // scaled by the font map's 96 dpi and print a third too large.
        pango_font_description_set_absolute_size(font, style.size * Double(PANGO_SCALE))
        fonts[style] = font
        return font
    }

    /// `text` as one paragraph of printable characters: line breaks, tabs and other control characters
    /// become spaces, so a stray newline in a customer's name cannot push text out of its box.
    static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            let isSeparator = scalar == "\u{2028}" || scalar == "\u{2029}"
            result.append(isControl || isSeparator ? " " : scalar)
        }
        return String(result)
    }
}
