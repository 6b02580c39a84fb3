import CCairo

/// The table of invoice lines: description, quantity, unit price, VAT rate and amount.
enum LineTable {
    typealias M = InvoiceMetrics
    typealias Column = InvoiceMetrics.Column

    /// A row's height: its description's lines (at most three) plus padding.
    static func rowHeight(of line: InvoiceDocument.LineItem, typesetter: Typesetter) -> Double {
        let lines = typesetter.lineCount(
            line.description, style: M.body, width: Column.descriptionWidth, maxLines: M.maximumDescriptionLines)
        return Double(lines) * M.bodyLeading + 2 * M.rowPadding
    }

    /// The column headings in bold with a rule under them; repeated at the top of continuation pages.
    static func drawHeader(_ titles: InvoiceDocument.ColumnTitles, top: Double, on context: OpaquePointer,
                           typesetter: Typesetter) {
        let baseline = Letterhead.baseline(top + M.rowPadding, M.bodyBold)
        drawCells(
            description: titles.description, quantity: titles.quantity, unitPrice: titles.unitPrice,
            vatRate: titles.vatRate, amount: titles.amount, style: M.bodyBold, baseline: baseline,
            typesetter: typesetter)
        Rule.draw(on: context, y: top + M.headerHeight - 3, width: 0.75)
    }

    /// One invoice line; the description wraps, the numbers sit on its first line.
    static func drawRow(_ line: InvoiceDocument.LineItem, top: Double, typesetter: Typesetter) {
        let baseline = Letterhead.baseline(top + M.rowPadding, M.body)
        typesetter.drawWrapped(
            line.description, style: M.body, x: Column.descriptionLeft, firstBaseline: baseline,
            width: Column.descriptionWidth, maxLines: M.maximumDescriptionLines, leading: M.bodyLeading)
        drawCells(
            description: nil, quantity: line.quantity, unitPrice: line.unitPrice, vatRate: line.vatRate,
            amount: line.amount, style: M.body, baseline: baseline, typesetter: typesetter)
    }

    private static func drawCells(
        description: String?, quantity: String, unitPrice: String, vatRate: String, amount: String,
        style: TextStyle, baseline: Double, typesetter: Typesetter
    ) {
        if let description {
            typesetter.drawLine(
                description, style: style, x: Column.descriptionLeft, baseline: baseline,
                maxWidth: Column.descriptionWidth)
        }
        let cells: [(String, Double, Double)] = [
            (quantity, Column.quantityRight, Column.quantityWidth),
            (unitPrice, Column.unitPriceRight, Column.unitPriceWidth),
            (vatRate, Column.vatRight, Column.vatWidth),
            (amount, Column.amountRight, Column.amountWidth),
        ]
        for (text, right, width) in cells {
            typesetter.drawLine(text, style: style, x: right, baseline: baseline, maxWidth: width, alignment: .right)
        }
    }
}

/// A horizontal hairline across the content width.
enum Rule {
    static func draw(on context: OpaquePointer, y: Double, width: Double, from left: Double = InvoiceMetrics.left) {
        cairo_save(context)
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, width)
        cairo_move_to(context, left, y)
        cairo_line_to(context, InvoiceMetrics.right, y)
        cairo_stroke(context)
        cairo_restore(context)
    }
}
