/// Where a page may send a browser it has just signed in (`next`): a path of this site, nothing else.
///
/// Browsers parse a `Location` by the WHATWG URL rules, which read `/\evil.example` and `//evil.example` as another
/// host, drop tabs and newlines (`/\t/evil.example`), and take `https:` or `javascript:` as schemes. So only a plain
/// path-absolute reference (RFC 3986 §4.2) passes: one leading `/`, then segments of RFC 3986 path characters — no
/// backslash, whitespace or control character (not even percent-encoded), no empty or dot segment, no query or
/// fragment. Whether the path is a page of the application is the caller's question (`SignInDestination`).
public enum LocalRedirectPath {
    /// Longer than any path of the application, far below the request limits.
    public static let maximumLength = 1024

    /// The percent-decoded segments of `candidate` when it is such a path (`[]` for `/`); nil otherwise.
    public static func segments(of candidate: String?) -> [String]? {
        guard let candidate, (1...maximumLength).contains(candidate.utf8.count), candidate.utf8.first == UInt8(ascii: "/"),
              candidate.utf8.allSatisfy(isPathCharacter) else { return nil }
        if candidate == "/" { return [] }
        var segments: [String] = []
        for raw in candidate.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard !raw.isEmpty, let segment = decoded(raw), segment != ".", segment != "..",
                  !segment.unicodeScalars.contains(where: isForbidden) else { return nil }
            segments.append(segment)
        }
        return segments
    }

    /// RFC 3986 `pchar` (unreserved, sub-delims, `:`, `@`), `%` for percent-encoding, and `/` between segments.
    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("-._~!$&'()*+,;=:@%/".utf8).contains(byte)
        }
    }

    /// A segment with its `%XX` decoded; nil for a malformed escape or bytes that are not UTF-8.
    private static func decoded(_ raw: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var iterator = raw.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// What a decoded segment may not hold: a separator a browser would honour, whitespace or a control character.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "/" || scalar == "\\" || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
    }
}
