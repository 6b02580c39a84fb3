/// The receipt: the payer's proof, left of the cut line. It repeats account, reference, payer and amount
/// in smaller type, without the QR code or the additional information.
extension SlipDrawing {
    func drawReceipt(on context: OpaquePointer, typesetter: Typesetter) {
        typealias Geometry = SlipGeometry.Receipt
        let style = InformationColumn.Style.receipt
        let left = x(Geometry.contentLeft)
        let width = Length.mm(Geometry.contentWidth)

        typesetter.drawLine(
            terms.receipt, style: .bold(11), x: left, baseline: baseline(top: Geometry.titleTop, .bold(11)),
            maxWidth: width)

        var column = InformationColumn(
            typesetter: typesetter, style: style, left: left, top: y(Geometry.informationTop), width: width,
            bottom: y(Geometry.amountTop))
        column.block(terms.accountPayableTo, lines: [slip.account] + slip.creditorLines)
        if let reference = slip.reference {
            column.block(terms.reference, lines: [reference])
        }
        if let debtorLines = slip.debtorLines {
            column.block(terms.payableBy, lines: debtorLines)
        } else {
            column.boxBlock(terms.payableByNameAddress, on: context, size: Geometry.debtorBoxSize)
        }

        let headingBaseline = baseline(top: Geometry.amountTop, style.heading)
        let valueBaseline = y(Geometry.amountTop) + style.headingLeading + style.value.size * InformationColumn.ascent
        let amountLeft = x(Geometry.amountColumnLeft)
        let amountWidth = x(Geometry.width - SlipGeometry.margin) - amountLeft
        typesetter.drawLine(
            terms.currency, style: style.heading, x: left, baseline: headingBaseline, maxWidth: amountLeft - left)
        typesetter.drawLine(
            terms.amount, style: style.heading, x: amountLeft, baseline: headingBaseline, maxWidth: amountWidth)
        typesetter.drawLine(
            slip.currency, style: style.value, x: left, baseline: valueBaseline, maxWidth: amountLeft - left)
        if let amount = slip.amount {
            typesetter.drawLine(
                amount, style: style.value, x: amountLeft, baseline: valueBaseline, maxWidth: amountWidth)
        } else {
            drawBox(Geometry.amountBox, on: context)
        }

        typesetter.drawLine(
            terms.acceptancePoint, style: style.heading, x: left + width,
            baseline: baseline(top: Geometry.acceptancePointTop, style.heading), maxWidth: width, alignment: .right)
    }
}
