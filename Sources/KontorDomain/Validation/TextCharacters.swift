import Foundation

/// What free text that other people read (names, addresses) may hold: NFC-normalized, without the invisible
/// characters that can disguise it — C0/C1 controls, format characters (bidi controls U+202A–U+202E and
/// U+2066–U+2069, zero-width U+200B–U+200D, U+2060, U+FEFF, the soft hyphen) and U+2028/U+2029.
public enum TextCharacters {
    /// The canonical composition (NFC): `e` + U+0301 becomes `é`, so the same visible text is stored the same way.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }

    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // Private-use characters and noncharacters (U+FFFF, U+FDD0…) have no glyph anyone else's font agrees on
        // (security probe round 6).
        if scalar.properties.isNoncharacterCodePoint { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse: return true
        default: return false
        }
    }

    /// The first invisible character of `text`, if any.
    public static func firstInvisible(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isInvisible)
    }

    /// The same for a text of several lines (a newsletter's, a message): line feeds, carriage returns and tabs are
    /// part of it; every other invisible character is not.
    public static func firstInvisibleBesideLineBreaks(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0 != "\n" && $0 != "\r" && $0 != "\t" && isInvisible($0) }
    }

    /// The field error for `text` holding an invisible character (`error.invalid_characters`, naming it), or nil; with
    /// `lines`, line feeds, carriage returns and tabs are part of the text.
    public static func invisibleCharacterError(in text: String, field: String, lines: Bool = false) -> FieldError? {
        guard let invisible = lines ? firstInvisibleBesideLineBreaks(in: text) : firstInvisible(in: text) else { return nil }
        return FieldError(field: field, messageKey: "error.invalid_characters", arguments: ["character": codePoint(invisible)])
    }

    /// `U+202E`: how a message names a character that cannot be shown.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A character as a message quotes it: `漢 (U+6F22)`, or only `U+0301` for a combining mark or an invisible one.
    public static func described(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: codePoint(scalar)
        case _ where isInvisible(scalar): codePoint(scalar)
        default: "\(Character(scalar)) (\(codePoint(scalar)))"
        }
    }

    /// `text` without the control characters XML 1.0 forbids (C0 but tab, line feed and carriage return; DEL and C1
    /// too, which no one types on purpose): for the feeds and sitemap Kontor writes, so a title stored before the
    /// checks existed cannot make them unreadable.
    public static func withoutXMLControls(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: false
            case 0x00...0x1F, 0x7F...0x9F: true
            default: false
            }
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isControl($0) })
        return String(scalars)
    }
}
