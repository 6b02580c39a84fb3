/// The payment part: what the bank or the payer's app reads. The QR code carries the data; the text
/// beside it repeats it for people, in the slip's language.
extension SlipDrawing {
    func drawPaymentPart(on context: OpaquePointer, typesetter: Typesetter) {
        typealias Geometry = SlipGeometry.PaymentPart
        let style = InformationColumn.Style.paymentPart
        let qr = Geometry.qrCode

        typesetter.drawLine(
            terms.paymentPart, style: .bold(11), x: x(qr.left), baseline: baseline(top: Geometry.titleTop, .bold(11)),
            maxWidth: Length.mm(qr.width))

        qrCode.draw(on: context, x: x(qr.left), y: y(qr.top), side: Length.mm(qr.width))

        let currencyLeft = x(Geometry.currencyLeft)
        let amountLeft = x(Geometry.amountColumnLeft)
        let amountWidth = x(Geometry.informationLeft) - Length.mm(2) - amountLeft
        let headingBaseline = baseline(top: Geometry.amountTop, style.heading)
        let valueBaseline = y(Geometry.amountTop) + style.headingLeading + style.value.size * InformationColumn.ascent
        typesetter.drawLine(
            terms.currency, style: style.heading, x: currencyLeft, baseline: headingBaseline,
            maxWidth: amountLeft - currencyLeft)
        typesetter.drawLine(
            terms.amount, style: style.heading, x: amountLeft, baseline: headingBaseline, maxWidth: amountWidth)
        typesetter.drawLine(
            slip.currency, style: style.value, x: currencyLeft, baseline: valueBaseline,
            maxWidth: amountLeft - currencyLeft)
        if let amount = slip.amount {
            typesetter.drawLine(
                amount, style: style.value, x: amountLeft, baseline: valueBaseline, maxWidth: amountWidth)
        } else {
            drawBox(Geometry.amountBox, on: context)
        }

        var column = InformationColumn(
            typesetter: typesetter, style: style, left: x(Geometry.informationLeft), top: y(Geometry.informationTop),
            width: Length.mm(Geometry.informationWidth), bottom: y(Geometry.informationBottom))
        column.block(terms.accountPayableTo, lines: [slip.account] + slip.creditorLines)
        if let reference = slip.reference {
            column.block(terms.reference, lines: [reference])
        }
        if let information = slip.additionalInformation, !information.isEmpty {
            column.wrappedBlock(terms.additionalInformation, text: information, maxLines: 3)
        }
        if let debtorLines = slip.debtorLines {
            column.block(terms.payableBy, lines: debtorLines)
        } else {
            column.boxBlock(terms.payableByNameAddress, on: context, size: Geometry.debtorBoxSize)
        }
    }
}
