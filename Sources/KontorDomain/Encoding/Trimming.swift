import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (or `.whitespaces` when `newlines` is false), the same to
    /// the character, without Foundation's work when there is nothing to trim — nearly always, for stored values.
    /// On Linux every `trimmingCharacters` call bridges through `NSString`; the bulk renewal run made several per
    /// invoice and it was a twentieth of the run.
    public func trimmedAsFoundation(newlines: Bool = true) -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        // An ASCII byte that is not whitespace at each end: the first and last scalars are not whitespace either.
        if first < 0x80, last < 0x80, !Self.isASCIIWhitespace(first, newlines: newlines), !Self.isASCIIWhitespace(last, newlines: newlines) {
            return self
        }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }

    private static func isASCIIWhitespace(_ byte: UInt8, newlines: Bool) -> Bool {
        switch byte {
        case 0x20, 0x09: true
        case 0x0A, 0x0B, 0x0C, 0x0D: newlines
        default: false
        }
    }
}
