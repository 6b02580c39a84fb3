import CCairo

/// Writes headed blocks of text down a column of the slip, top to bottom, never past its bottom edge.
///
/// The slip's sections have fixed heights: a block that does not fit is dropped line by line rather than
/// printed over the amount or the acceptance point.
struct InformationColumn {
    /// Font sizes and spacing: 8 pt bold headings over 10 pt values in the payment part, 6 pt over 8 pt in
    /// the receipt (headings are always 2 pt smaller than their values).
    struct Style {
        var heading: TextStyle
        var value: TextStyle
        /// How far a heading moves the next line down.
        var headingLeading: Double
        /// Distance between baselines of value lines.
        var leading: Double
        /// Extra space between blocks.
        var blockSpacing: Double

        static let paymentPart = Style(
            heading: .bold(8), value: .regular(10), headingLeading: 9, leading: 11, blockSpacing: 7)
        static let receipt = Style(
            heading: .bold(6), value: .regular(8), headingLeading: 7, leading: 9, blockSpacing: 5)
    }

    /// Liberation Sans rises 0.905 em above its baseline: the first baseline sits that far below a block top.
    static let ascent = 0.905

    let typesetter: Typesetter
    let style: Style
    let left: Double
    let width: Double
    let bottom: Double
    /// The top of the next line, in points from the page top.
    private(set) var top: Double

    init(typesetter: Typesetter, style: Style, left: Double, top: Double, width: Double, bottom: Double) {
        self.typesetter = typesetter
        self.style = style
        self.left = left
        self.top = top
        self.width = width
        self.bottom = bottom
    }

    /// A heading followed by its value lines, each cut with "…" if too wide.
    mutating func block(_ heading: String, lines: [String]) {
        guard writeLine(heading, style: style.heading, advance: style.headingLeading) else { return }
        for line in lines where !line.isEmpty {
            guard writeLine(line, style: style.value, advance: style.leading) else { return }
        }
        top += style.blockSpacing
    }

    /// A heading followed by one text wrapped over at most `maxLines` lines.
    mutating func wrappedBlock(_ heading: String, text: String, maxLines: Int) {
        guard writeLine(heading, style: style.heading, advance: style.headingLeading) else { return }
        let fitting = min(maxLines, Int((bottom - top) / style.leading))
        guard fitting > 0 else { return }
        let count = typesetter.drawWrapped(
            text, style: style.value, x: left, firstBaseline: baseline(for: style.value), width: width,
            maxLines: fitting, leading: style.leading)
        top += Double(count) * style.leading + style.blockSpacing
    }

    /// A heading followed by an empty box with corner marks for the payer to write in (mm size).
    mutating func boxBlock(_ heading: String, on context: OpaquePointer, size: (width: Double, height: Double)) {
        guard writeLine(heading, style: style.heading, advance: style.headingLeading) else { return }
        let height = min(Length.mm(size.height), bottom - top)
        guard height > 0 else { return }
        CornerMarks.draw(on: context, x: left, y: top + 1, width: Length.mm(size.width), height: height - 1)
        top += height + style.blockSpacing
    }

    /// Draws one line if it fits above the bottom; returns whether it did.
    private mutating func writeLine(_ text: String, style textStyle: TextStyle, advance: Double) -> Bool {
        guard top + advance <= bottom + 0.01 else { return false }
        typesetter.drawLine(text, style: textStyle, x: left, baseline: baseline(for: textStyle), maxWidth: width)
        top += advance
        return true
    }

    private func baseline(for textStyle: TextStyle) -> Double {
        top + textStyle.size * Self.ascent
    }
}
