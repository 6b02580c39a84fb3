/// Makes plain text safe inside SVG (XML) text and attribute values.
enum XMLEscaping {
    /// Escapes the five XML special characters and drops what XML 1.0 cannot carry at all.
    ///
    /// Both quotes are escaped so the result is also safe in an attribute, whichever quote it uses.
    /// Control characters other than tab, line feed and carriage return (and U+FFFE, U+FFFF) are not
    /// allowed in an XML document even as character references: one in a title would make the whole
    /// SVG unreadable, so it is removed rather than escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
