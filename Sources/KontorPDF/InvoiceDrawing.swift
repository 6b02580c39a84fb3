/// Draws an invoice page by page from its layout.
struct InvoiceDrawing {
    typealias M = InvoiceMetrics
    let document: InvoiceDocument
    let layout: InvoiceLayout
    let slip: SlipDrawing?

    func draw(on canvas: PDFCanvas, typesetter: Typesetter) throws(PDFError) {
        let context = canvas.context
        for (pageIndex, items) in layout.pages.enumerated() {
            if pageIndex > 0 { try canvas.startNewPage() }
            if layout.pages.count > 1 {
                drawRunningHead(page: pageIndex + 1, of: layout.pages.count, typesetter: typesetter)
            }
            for item in items {
                switch item {
                case .letterhead:
                    Letterhead.draw(document, typesetter: typesetter)
                case .tableHeader(let top):
                    LineTable.drawHeader(document.columnTitles, top: top, on: context, typesetter: typesetter)
                case .lineItem(let index, let top):
                    LineTable.drawRow(document.lineItems[index], top: top, typesetter: typesetter)
                case .totals(let top):
                    Totals.draw(document.totals, top: top, on: context, typesetter: typesetter)
                case .note(let index, let top):
                    typesetter.drawWrapped(
                        document.notes[index], style: M.body, x: M.left,
                        firstBaseline: Letterhead.baseline(top, M.body), width: M.contentWidth,
                        maxLines: M.maximumNoteLines, leading: M.bodyLeading)
                case .slip:
                    slip?.draw(on: context, typesetter: typesetter)
                }
            }
        }
    }

    /// "2 / 3" at the top right of every page of a multi-page invoice, and the title on continuation pages,
    /// so a loose page can be put back in order.
    private func drawRunningHead(page: Int, of count: Int, typesetter: Typesetter) {
        let baseline = Letterhead.baseline(Length.mm(8), .regular(8))
        typesetter.drawLine(
            "\(page) / \(count)", style: .regular(8), x: M.right, baseline: baseline, maxWidth: Length.mm(30),
            alignment: .right)
        if page > 1, let title = document.titleLines.first {
            typesetter.drawLine(title, style: .regular(8), x: M.left, baseline: baseline, maxWidth: Length.mm(120))
        }
    }
}
