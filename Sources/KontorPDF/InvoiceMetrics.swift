/// The invoice page's grid, in points: margins, where the envelope window is, the table columns, type sizes.
///
/// The recipient's address sits where a right-hand window of a Swiss C5/C6 envelope shows it.
enum InvoiceMetrics {
    static let left = Length.mm(20)
    static let right = Length.mm(190)
    static let contentWidth = right - left
    static let top = Length.mm(15)
    /// Content ends here on pages without a slip; the page number line is above the top margin.
    static let bottom = Length.mm(277)
    /// Content ends here on the page with the slip: 8 mm clear above the cut line.
    static let bottomAboveSlip = A4.height - Length.mm(SlipGeometry.height) - Length.mm(8)

    static let windowLeft = Length.mm(118)
    static let windowTop = Length.mm(50)
    static let windowWidth = Length.mm(72)
    static let metadataTop = Length.mm(50)
    static let metadataLabelWidth = Length.mm(38)
    static let metadataValueWidth = Length.mm(52)
    /// The title never starts higher than this, so short letterheads still leave the window area free.
    static let titleMinimumTop = Length.mm(95)

    static let body = TextStyle.regular(9)
    static let bodyBold = TextStyle.bold(9)
    static let bodyLeading = 11.0
    static let addressStyle = TextStyle.regular(10)
    static let addressLeading = 12.5
    static let titleStyle = TextStyle.bold(16)
    static let titleLeading = 20.0
    static let subtitleStyle = TextStyle.regular(10)
    static let subtitleLeading = 13.0

    /// Padding above and below each table row's text.
    static let rowPadding = 2.5
    static let headerHeight = 16.0
    /// Enough for the longest text the console accepts (a description of 200 characters, a note of 500) to print
    /// whole in the widest letters: an invoice is a legal document, and what it says is never cut short. The "…"
    /// stays only as a guard for text that did not come through those limits.
    static let maximumDescriptionLines = 12
    static let maximumNoteLines = 12
    static let totalsLeading = 13.0

    /// The line table's columns: the description is left-aligned, the numbers right-aligned at their edge. The amount
    /// columns hold the largest amount an invoice may have (the QR-bill's 999,999,999.99, e.g. "CHF 999’999’999.99",
    /// about 30 mm in bold) and the VAT column "Reverse charge" / "Autoliquidation", so nothing is cut with "…".
    enum Column {
        static let descriptionLeft = left
        static let descriptionWidth = Length.mm(58)
        static let quantityRight = Length.mm(94)
        static let quantityWidth = Length.mm(14)
        static let unitPriceRight = Length.mm(129)
        static let unitPriceWidth = Length.mm(33)
        static let vatRight = Length.mm(155)
        static let vatWidth = Length.mm(24)
        static let amountRight = right
        static let amountWidth = Length.mm(33)
    }

    /// The totals: labels right-aligned against the VAT column's edge, values under the amounts.
    static let totalsLabelRight = Column.vatRight
    static let totalsLabelWidth = Length.mm(70)
}
