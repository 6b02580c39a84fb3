/// An invoice line that names a product ("Renewal of Web hosting «…», 12 months, until 31.12.2027"): the product's name is
/// the one part of any length, so it is shortened (ending in "…") when the whole line would pass what a line may hold.
/// A name the order accepted must never make its renewal's invoice impossible: that left a paid product unrenewable,
/// and suspended with Renewal Warranty on.
public enum InvoiceLineText {
    /// The most characters an invoice line's description has (the issuer refuses longer ones).
    public static let maximumLength = 200

    /// `render(name)`, or `render` of the name shortened just enough for the line to fit.
    public static func naming(_ name: String, _ render: (String) -> String) -> String {
        let full = render(name)
        let overflow = full.count - maximumLength
        guard overflow > 0 else { return full }
        // One more character than the overflow goes, for the ellipsis; trailing spaces are dropped before it.
        var kept = String(name.prefix(max(0, name.count - overflow - 1)))
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return render(kept + "…")
    }
}
