/// Where every part of an invoice goes, page by page. Worked out before anything is drawn, so the page
/// count is known for "1 / 3" and the slip can go to its own page when the last one is too full.
struct InvoiceLayout {
    /// Something placed on a page, with its top edge in points from the page top.
    enum Item: Equatable {
        /// Creditor, recipient, details and title: first page only. `tableTop` is where the table begins.
        case letterhead
        case tableHeader(top: Double)
        case lineItem(index: Int, top: Double)
        case totals(top: Double)
        case note(index: Int, top: Double)
        /// The QR-bill slip in the lower 105 mm.
        case slip
    }

    var pages: [[Item]]

    /// Splits `document` over pages. `reservingSlip` keeps the lower 105 mm of the last page for the slip,
    /// adding a page for it if the content reaches lower.
    static func paginate(_ document: InvoiceDocument, typesetter: Typesetter, reservingSlip: Bool) -> InvoiceLayout {
        typealias M = InvoiceMetrics
        var pages: [[Item]] = [[.letterhead]]
        var top = Letterhead.tableTop(of: document)

        var isPageEmpty = false

        /// Places a block of `height` on the current page, or on a new one if it would cross the bottom.
        /// A block is never moved off an empty page, so one taller than a page cannot loop forever.
        func place(height: Double, _ item: (Double) -> Item, repeatingHeader: Bool = false) {
            if top + height > M.bottom, !isPageEmpty {
                pages.append([])
                top = M.top
                if repeatingHeader {
                    pages[pages.count - 1].append(.tableHeader(top: top))
                    top += M.headerHeight
                }
            }
            pages[pages.count - 1].append(item(top))
            top += height
            isPageEmpty = false
        }

        pages[0].append(.tableHeader(top: top))
        top += M.headerHeight
        for (index, line) in document.lineItems.enumerated() {
            let height = LineTable.rowHeight(of: line, typesetter: typesetter)
            place(height: height, { .lineItem(index: index, top: $0) }, repeatingHeader: true)
        }
        if !document.totals.isEmpty {
            top += 6
            place(height: Totals.height(of: document.totals), { .totals(top: $0) })
        }
        if !document.notes.isEmpty { top += 8 }
        for (index, note) in document.notes.enumerated() {
            let lines = typesetter.lineCount(
                note, style: M.body, width: M.contentWidth, maxLines: M.maximumNoteLines)
            place(height: Double(lines) * M.bodyLeading + 3, { .note(index: index, top: $0) })
        }

        if reservingSlip {
            if top <= M.bottomAboveSlip {
                pages[pages.count - 1].append(.slip)
            } else {
                pages.append([.slip])
            }
        }
        return InvoiceLayout(pages: pages)
    }
}
