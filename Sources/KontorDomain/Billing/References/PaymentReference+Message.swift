extension PaymentReference {
    /// The one valid reference a payer typed into the free-text message (`RmtInf/Ustrd`) instead of the reference
    /// field: many banking apps, and most banks outside Switzerland, offer only the message ("Zahlung RF18 5390 0754
    /// 7034", "Rechnung 21 00000 00003 13947 14300 09017"). A candidate counts only when its check digits hold (mod 97
    /// for RF, mod 10 recursive for QRR), so an invoice number or a phone number is not taken for one; two different
    /// valid references in one message name no single invoice, and give none.
    ///
    /// Written here, not with a regular expression: the groups a person types (spaces anywhere, any case) and the
    /// check decide together which prefix of the text is the reference.
    public static func found(inMessage message: String) -> PaymentReference? {
        let found = references(inMessage: message)
        return found.count == 1 ? found.first : nil
    }

    /// The valid references in a message: none, one, or (as soon as a second is seen) two.
    private static func references(inMessage message: String) -> Set<PaymentReference> {
        references(in: typed(message), startingFrom: 0)
    }

    /// The text upper-cased, with every space a banking app may type between groups (a no-break space U+00A0, a thin
    /// space U+2009, a tab …) read as a space: the same reference with ordinary spaces was found, with those it was
    /// not (bank probe round 9, F10).
    private static func typed(_ text: String) -> [Character] {
        text.uppercased().map { $0 != " " && $0.isWhitespace && !$0.isNewline ? " " : $0 }
    }

    /// The valid references starting at `first` or later in upper-cased text (the character before `first`, if any, is
    /// there only to tell whether a reference may start at `first`).
    private static func references(in characters: [Character], startingFrom first: Int) -> Set<PaymentReference> {
        var found: Set<PaymentReference> = []
        for start in characters.indices.dropFirst(first) {
            if let creditor = creditorReference(in: characters, from: start) { found.insert(.creditor(creditor)) }
            if let qr = qrReference(in: characters, from: start) { found.insert(.qr(qr)) }
            if found.count > 1 { break }
        }
        return found
    }

    /// The one valid reference in a message the bank gave as several `Ustrd` lines: read with a space between lines
    /// (`found(inMessage:)`), and only where that finds none, with each line break in turn closed up, because banks cut
    /// long messages at a fixed width, in the middle of a group ("RF18 5390 07" | "54 7034", "RF1853900754" | "7034").
    /// Two different references give none, as in one line.
    public static func found(inMessageLines lines: [String]) -> PaymentReference? {
        // Upper-cased line by line, so the breaks' places are known ("ß" becomes "SS": a line may grow).
        var text: [Character] = [], breaks: [Int] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { breaks.append(text.count); text.append(" ") }
            text.append(contentsOf: typed(line))
        }
        let spaced = references(in: text, startingFrom: 0)
        guard spaced.isEmpty else { return spaced.count == 1 ? spaced.first : nil }
        // Only when the lines as written hold none: closing a break after a whole reference would glue the next line's
        // first word to it ("…7034" | "Betrag" → "…7034BETRAG", which checks by chance one time in 97).
        // Closing one break changes the text only around it, and the rest read as spaced held none: each break is read
        // in a window of `reach` characters either side, wider than any reference as typed. Reading the whole text again
        // for every break took 35 s for a payment of 1,000 lines (bank probe round 4).
        let reach = 64
        var found = Set<PaymentReference>()
        for position in breaks where found.count < 2 {
            let lower = max(0, position - reach - 1), upper = min(text.count, position + 1 + reach + 1)
            let window = Array(text[lower..<position] + text[(position + 1)..<upper])
            found.formUnion(references(in: window, startingFrom: lower == 0 ? 0 : 1))
        }
        return found.count == 1 ? found.first : nil
    }

    /// `RF` + two digits + 1–21 letters or digits at `start`, as printed (groups of four, the last shorter) or
    /// written without spaces. A word after it is not part of it: the reference ends with the first group that is not
    /// of four characters, so "RF51 1000 1000 048 Grazie" is `RF5110001000048`, never the longer `…048GRAZIE` that
    /// checks by chance (1 in 97). Where still more than one prefix checks ("RF18 5390 0754 7034 DANK"), one in
    /// Kontor's own form (digits after the check digits) is taken, else the longest.
    private static func creditorReference(in text: [Character], from start: Int) -> CreditorReference? {
        guard start + 4 <= text.count, text[start] == "R", text[start + 1] == "F",
              start == 0 || !isAlphanumeric(text[start - 1]) else { return nil }
        var compact = "RF", index = start + 2, prefixes: [String] = [], group = 2
        while index < text.count, compact.count < 25 {
            let character = text[index]
            if isAlphanumeric(character) {
                compact.append(character)
                group += 1
            } else if character == " ", index + 1 < text.count, isAlphanumeric(text[index + 1]) {
                if compact.count >= 5 { prefixes.append(compact) } // a group ends here
                guard group == 4 else { break } // only a printed group of four goes on
                group = 0
            } else {
                break
            }
            index += 1
        }
        if compact.count >= 5, prefixes.last != compact { prefixes.append(compact) }
        let valid = prefixes.compactMap { CreditorReference($0) }
        if valid.count > 1, let own = valid.last(where: { $0.electronic.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) } }) {
            return own
        }
        return valid.last
    }

    /// 27 digits at `start` (spaces allowed between them), not part of a longer number.
    private static func qrReference(in text: [Character], from start: Int) -> QRReference? {
        guard text[start].isASCII, text[start].isNumber, start == 0 || !(text[start - 1].isASCII && text[start - 1].isNumber) else { return nil }
        var digits = "", index = start
        while index < text.count, digits.count < 27 {
            let character = text[index]
            if character.isASCII, character.isNumber { digits.append(character) }
            else if character != " " { break }
            index += 1
        }
        guard digits.count == 27 else { return nil }
        if index < text.count, text[index].isASCII, text[index].isNumber { return nil } // a longer number
        return QRReference(digits)
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}
