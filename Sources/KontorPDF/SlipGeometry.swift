/// Where things sit on the 210 × 105 mm slip, in millimetres from its top-left corner, as laid down by the
/// Swiss Implementation Guidelines QR-bill (receipt 62 mm wide, payment part 148 mm, 5 mm margins).
enum SlipGeometry {
    static let width = 210.0
    static let height = 105.0
    static let margin = 5.0

    /// The receipt: the left 62 mm, kept by the payer.
    enum Receipt {
        static let width = 62.0
        static let contentLeft = margin
        static let contentWidth = width - 2 * margin
        static let titleTop = margin
        /// The information section: account, reference, payer (5 mm margin + 7 mm title section).
        static let informationTop = 12.0
        /// The amount section begins 56 mm lower; the acceptance point 14 mm after that.
        static let amountTop = 68.0
        static let acceptancePointTop = 82.0
        static let amountColumnLeft = contentLeft + 12
        /// The blank box for a handwritten amount: 30 × 10 mm, flush with the right margin.
        static let amountBox = Box(left: width - margin - 30, top: amountTop + 2.5, width: 30, height: 10)
        static let debtorBoxSize = (width: 52.0, height: 20.0)
    }

    /// The payment part: the right 148 mm, handed to the bank or scanned.
    enum PaymentPart {
        static let left = Receipt.width
        static let width = 148.0
        static let titleTop = margin
        /// The Swiss QR code, 46 mm square, with 5 mm of quiet zone to the title above and to each side.
        static let qrCode = Box(left: left + margin, top: 17, width: 46, height: 46)
        static let amountTop = 68.0
        static let currencyLeft = left + margin
        static let amountColumnLeft = left + margin + 15
        /// The blank box for a handwritten amount: 40 × 15 mm, ending 3 mm short of the information section.
        static let amountBox = Box(left: left + margin + 9, top: amountTop + 3.5, width: 40, height: 15)
        /// The information section: right of the QR code, from the top margin down to the further-information line.
        static let informationLeft = left + 56
        static let informationWidth = width - 56 - margin
        static let informationTop = margin
        static let informationBottom = 90.0
        static let debtorBoxSize = (width: 65.0, height: 25.0)
    }

    /// A rectangle in millimetres on the slip.
    struct Box {
        var left: Double
        var top: Double
        var width: Double
        var height: Double
    }
}
