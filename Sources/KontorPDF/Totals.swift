/// The totals under the line table: net and VAT per rate, then the total in bold above a rule.
enum Totals {
    typealias M = InvoiceMetrics

    static func height(of rows: [InvoiceDocument.Row]) -> Double {
        Double(rows.count) * M.totalsLeading + 4
    }

    static func draw(_ rows: [InvoiceDocument.Row], top: Double, on context: OpaquePointer, typesetter: Typesetter) {
        for (index, row) in rows.enumerated() {
            let isTotal = index == rows.count - 1
            let style = isTotal ? M.bodyBold : M.body
            // The total stands apart: a rule above it and a little air.
            let rowTop = top + Double(index) * M.totalsLeading + (isTotal && rows.count > 1 ? 4 : 0)
            if isTotal, rows.count > 1 {
                Rule.draw(on: context, y: rowTop - 2, width: 0.75, from: M.totalsLabelRight - M.totalsLabelWidth)
            }
            let baseline = Letterhead.baseline(rowTop, style)
            typesetter.drawLine(
                row.label, style: style, x: M.totalsLabelRight, baseline: baseline, maxWidth: M.totalsLabelWidth,
                alignment: .right)
            typesetter.drawLine(
                row.value, style: style, x: M.Column.amountRight, baseline: baseline,
                maxWidth: M.Column.amountWidth, alignment: .right)
        }
    }
}
