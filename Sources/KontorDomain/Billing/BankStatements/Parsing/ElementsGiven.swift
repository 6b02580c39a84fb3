/// Which elements the schema allows once (in an entry, a payment, an account or the group header) a draft has been
/// given. Given twice, one of them would be read without a word, the last one winning: `<Sts>PDNG</Sts><Sts>BOOK</Sts>`
/// booked a pending entry, a second `RvslInd` turned a return into an ordinary debit, a second `Acct` put the file
/// under another account (bank probe rounds 4 and 7). The reader refuses the file instead, naming the element.
///
/// Two words of bits rather than a `Set`: a draft is made for every entry and payment of a file of 100,000.
struct ElementsGiven {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// Notes `element`; false when it had been given before.
    mutating func first(_ element: CamtElement) -> Bool {
        let raw = Int(element.rawValue)
        let bit = UInt64(1) << UInt64(raw & 63)
        if raw < 64 {
            defer { low |= bit }
            return low & bit == 0
        }
        defer { high |= bit }
        return high & bit == 0
    }
}
