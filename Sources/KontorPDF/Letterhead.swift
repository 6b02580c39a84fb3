/// The first page's head: the provider's block top left, the recipient in the envelope window, the
/// invoice details beside it and the title below both.
enum Letterhead {
    typealias M = InvoiceMetrics
    static let maximumCreditorLines = 8
    static let maximumRecipientLines = 6

    /// Top of the title: below the details and the address, but never above the window area's end.
    static func titleTop(of document: InvoiceDocument) -> Double {
        let metadataBottom = M.metadataTop + Double(document.metadata.count) * M.bodyLeading
        let recipientBottom = M.windowTop
            + Double(min(document.recipientLines.count, maximumRecipientLines)) * M.addressLeading
        return max(M.titleMinimumTop, metadataBottom + Length.mm(8), recipientBottom + Length.mm(8))
    }

    /// Where the line table starts on the first page.
    static func tableTop(of document: InvoiceDocument) -> Double {
        let subtitles = max(0, document.titleLines.count - 1)
        return titleTop(of: document) + M.titleLeading + Double(subtitles) * M.subtitleLeading + Length.mm(6)
    }

    static func draw(_ document: InvoiceDocument, typesetter: Typesetter) {
        for (index, line) in document.creditorLines.prefix(maximumCreditorLines).enumerated() {
            let style = index == 0 ? M.bodyBold : M.body
            typesetter.drawLine(
                line, style: style, x: M.left, baseline: baseline(M.top + Double(index) * M.bodyLeading, style),
                maxWidth: Length.mm(90))
        }

        for (index, line) in document.recipientLines.prefix(maximumRecipientLines).enumerated() {
            let top = M.windowTop + Double(index) * M.addressLeading
            typesetter.drawLine(
                line, style: M.addressStyle, x: M.windowLeft, baseline: baseline(top, M.addressStyle),
                maxWidth: M.windowWidth)
        }

        for (index, row) in document.metadata.enumerated() {
            let rowBaseline = baseline(M.metadataTop + Double(index) * M.bodyLeading, M.body)
            typesetter.drawLine(
                row.label, style: M.body, x: M.left, baseline: rowBaseline, maxWidth: M.metadataLabelWidth - 4)
            typesetter.drawLine(
                row.value, style: M.body, x: M.left + M.metadataLabelWidth, baseline: rowBaseline,
                maxWidth: M.metadataValueWidth)
        }

        let titleTop = titleTop(of: document)
        if let title = document.titleLines.first {
            typesetter.drawLine(
                title, style: M.titleStyle, x: M.left, baseline: baseline(titleTop, M.titleStyle),
                maxWidth: M.contentWidth)
        }
        for (index, line) in document.titleLines.dropFirst().enumerated() {
            let top = titleTop + M.titleLeading + Double(index) * M.subtitleLeading
            typesetter.drawLine(
                line, style: M.subtitleStyle, x: M.left, baseline: baseline(top, M.subtitleStyle),
                maxWidth: M.contentWidth)
        }
    }

    /// The baseline of a line of `style` whose top is `top`.
    static func baseline(_ top: Double, _ style: TextStyle) -> Double {
        top + style.size * InformationColumn.ascent
    }
}
