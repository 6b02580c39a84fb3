/// Escaping for the HTML we write ourselves (custom nodes); cmark escapes everything else.
public enum HTMLEscaping {
    /// Text or a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        // Most text has nothing to escape: hand it back as it is rather than copying it scalar by scalar.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#x27;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Which URL schemes a generated attribute may carry. Relative URLs are always allowed.
    enum URLContext {
        /// `href`: web pages, e-mail and phone links.
        case link
        /// `src` of images and videos: only web resources.
        case media

        var schemes: Set<String> {
            switch self {
            case .link: ["http", "https", "mailto", "tel"]
            case .media: ["http", "https"]
            }
        }
    }

    /// The URL escaped for an `href`/`src` attribute, or nil when its scheme is not allowed.
    ///
    /// An allow-list rather than cmark's deny-list, because these attributes bypass cmark's own check.
    /// The scheme is read the way a browser reads it *after* our escaping: whitespace and control
    /// characters are percent-encoded, so "java\tscript:" reaches the browser as a harmless relative URL.
    static func attributeURL(_ url: String, for context: URLContext) -> String? {
        if let scheme = scheme(of: url), !context.schemes.contains(scheme) { return nil }
        return escapeURL(url)
    }

    /// The URL's scheme, lowercased, or nil for a relative URL.
    static func scheme(of url: String) -> String? {
        var scheme = ""
        for (index, scalar) in url.unicodeScalars.enumerated() {
            switch scalar {
            case "a"..."z", "A"..."Z": scheme.unicodeScalars.append(scalar)
            case "0"..."9", "+", "-", ".":
                guard index > 0 else { return nil }
                scheme.unicodeScalars.append(scalar)
            case ":":
                return index > 0 ? scheme.lowercased() : nil
            default:
                return nil
            }
        }
        return nil
    }

    /// Percent-encodes what does not belong in a URL and entity-escapes `&` and `'`,
    /// with the same safe set as cmark's own `houdini_escape_href`, so our links look like cmark's.
    private static func escapeURL(_ url: String) -> String {
        var result = ""
        result.reserveCapacity(url.utf8.count)
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): result += "&amp;"
            case UInt8(ascii: "'"): result += "&#x27;"
            case _ where isURLSafe(byte): result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%"
                result += hexDigit(byte >> 4)
                result += hexDigit(byte & 0x0F)
            }
        }
        return result
    }

    private static func isURLSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-_.+!*(),%#@?=;:/$~".utf8.contains(byte)
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }
}
