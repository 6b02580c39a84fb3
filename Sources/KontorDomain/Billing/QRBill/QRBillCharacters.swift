import Foundation

/// The characters a Swiss QR-bill may carry (Swiss Implementation Guidelines QR-bill, "Character set"): Basic Latin,
/// Latin-1 Supplement and Latin Extended-A, plus Ș ș Ț ț (U+0218–U+021B) and €. Bank apps refuse a code with any other.
public enum QRBillCharacters {
    public static func allows(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0x17F, 0x218...0x21B, 0x20AC: true
        default: false
        }
    }

    /// The first character of `text` (already NFC) a QR-bill cannot carry.
    public static func firstRefused(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { !allows($0) || TextCharacters.isInvisible($0) }
    }

    /// `text` made fit for a QR-bill, for text stored before addresses were checked: NFC first; a character with an
    /// obvious Latin form becomes it (`ǎ` → `a`, `ﬁ` → `fi`, `’` → `'`, `–` → `-`), tabs and line breaks become
    /// spaces, other invisible characters and stray combining marks are dropped, anything else becomes `.`.
    public static func fitting(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for character in TextCharacters.normalized(text) {
            // A line break (CR LF is one character) is one space, as `SwissPaymentsCode.clean` always made it.
            if character.isNewline { result.append(" "); continue }
            let scalars = character.unicodeScalars
            if scalars.allSatisfy({ allows($0) && !TextCharacters.isInvisible($0) }) {
                result.append(contentsOf: scalars)
                continue
            }
            var replacement = String.UnicodeScalarView()
            var hadVisible = false
            for scalar in scalars {
                if allows(scalar), !TextCharacters.isInvisible(scalar) { replacement.append(scalar); hadVisible = true; continue }
                switch scalar.properties.generalCategory {
                case .control, .lineSeparator, .paragraphSeparator:
                    if scalar.properties.isWhitespace { replacement.append(" ") }
                case .format, .nonspacingMark, .spacingMark, .enclosingMark:
                    break
                default:
                    hadVisible = true
                    replacement.append(contentsOf: latin(scalar).unicodeScalars)
                }
            }
            result.append(contentsOf: replacement.isEmpty && hadVisible ? ".".unicodeScalars : replacement)
        }
        return String(result)
    }

    /// `text`'s first `limit` characters (the standard counts characters of its set, one scalar each).
    public static func truncated(_ text: String, to limit: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
    }

    /// One character outside the set in Latin letters, or empty: its compatibility decomposition without marks
    /// (`ǎ` → `a`, `ﬁ` → `fi`, full-width `Ａ` → `A`), else the typographic punctuation below.
    private static func latin(_ scalar: Unicode.Scalar) -> String {
        if let punctuation = punctuation[scalar.value] { return punctuation }
        let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars
            .filter { allows($0) && !TextCharacters.isInvisible($0) }
        return String(String.UnicodeScalarView(decomposed))
    }

    private static let punctuation: [UInt32: String] = [
        0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2212: "-",
        0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",
        0x201C: "\"", 0x201D: "\"", 0x201E: "\"", 0x201F: "\"", 0x2033: "\"",
        0x2026: "...", 0x2022: "-",
    ]
}

extension PostalAddress {
    /// The address made fit for a QR-bill (`QRBillCharacters.fitting`), each field within its limit: an address
    /// stored before addresses were checked still gives a slip a bank accepts.
    public var fittingQRBill: PostalAddress {
        func fit(_ value: String, _ field: String) -> String {
            QRBillCharacters.truncated(QRBillCharacters.fitting(value).trimmingCharacters(in: .whitespaces), to: Self.limits[field]!)
        }
        return PostalAddress(name: fit(name, "name"), street: fit(street, "street"), buildingNumber: fit(buildingNumber, "building_number"),
                             postcode: fit(postcode, "postcode"), town: fit(town, "town"),
                             country: QRBillCharacters.truncated(QRBillCharacters.fitting(country), to: 2))
    }
}
