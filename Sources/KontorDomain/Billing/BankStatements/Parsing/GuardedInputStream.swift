import Foundation

/// Passes a bank file to the XML parser unchanged while refusing an element flooded with attributes, and notes what
/// the reader needs to name a file that is not a statement: whether it held anything but whitespace (an empty upload,
/// not broken XML) and its first bytes (a ZIP or gzip). A DOCTYPE is refused by the parser itself, in any encoding
/// (`CamtSAXParser.refuseDoctype`); a byte scan here caught only ASCII-compatible ones.
final class GuardedInputStream: InputStream {
    private let source: InputStream
    /// Set when one tag holds more `=` than `maximumEqualsPerTag`: an element with thousands of attributes.
    private(set) var foundAttributeFlood = false
    /// libxml2 2.9 checks an element's attributes for duplicates pair by pair, so one element with 400,000 of them (4.7 MB,
    /// under the upload limit) took 44 s to parse while the import's transaction held the database. Counted here because
    /// libxml2 does that work before the SAX callback could see the count: the `=` from one `<` to the next (`<` cannot
    /// stand inside an attribute value, so however the names are padded, one start tag's attributes are counted
    /// together). A camt element has at most a handful; 1,000 is refused (a million comparisons, nothing).
    static let maximumEqualsPerTag = 1_000
    /// The `=` counted since the last `<`, carried from one read to the next.
    private var equalsSinceTagStart = 0
    private(set) var hasContent = false
    private(set) var bytesRead = 0
    /// The file's first bytes, to name what a file that is not XML is (a ZIP or gzip archive of the statement).
    private(set) var leadingBytes: [UInt8] = []
    /// Why the source failed, noted at once (the parser closes the stream before the reader could ask).
    private(set) var readFailure: String?

    init(_ source: InputStream) {
        self.source = source
        super.init(data: Data())
    }

    override func open() { source.open() }
    override func close() { source.close() }
    override var hasBytesAvailable: Bool { !foundAttributeFlood && source.hasBytesAvailable }
    override var streamStatus: Stream.Status { foundAttributeFlood ? .error : source.streamStatus }
    /// corelibs-foundation traps when asked for the error of a stream that has none, so ask only after a failure.
    override var streamError: (any Error)? { !foundAttributeFlood && source.streamStatus == .error ? source.streamError : nil }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        guard !foundAttributeFlood else { return -1 }
        let count = source.read(buffer, maxLength: length)
        if count < 0 { readFailure = source.streamError.map { "\($0)" } ?? "read error" }
        guard count > 0 else { return count }
        bytesRead += count
        let bytes = UnsafeBufferPointer(start: buffer, count: count)
        if leadingBytes.count < 4 { leadingBytes += bytes.prefix(4 - leadingBytes.count) }
        if !hasContent { hasContent = bytes.contains { !Self.isBlank($0) } }
        if countsTooManyEquals(in: bytes) {
            foundAttributeFlood = true
            return -1
        }
        return count
    }

    /// Counts the `=` of `bytes` tag by tag (`equalsSinceTagStart`); true past `maximumEqualsPerTag`. With `memchr`
    /// (SIMD in the C library), hopping from `=` to `=` and asking only the gap between them for a `<`: a byte-by-byte
    /// loop over a 130 MB file cost a quarter of a CPU-second.
    private func countsTooManyEquals(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var cursor = UnsafeRawPointer(bytes.baseAddress) else { return false }
        let end = cursor + bytes.count
        let equals = Int32(UInt8(ascii: "=")), tagStart = Int32(UInt8(ascii: "<"))
        while cursor < end {
            let found = memchr(cursor, equals, end - cursor).map(UnsafeRawPointer.init)
            let gapEnd = found ?? end
            if memchr(cursor, tagStart, gapEnd - cursor) != nil { equalsSinceTagStart = 0 }
            guard let found else { break }
            equalsSinceTagStart += 1
            if equalsSinceTagStart > Self.maximumEqualsPerTag { return true }
            cursor = found + 1
        }
        return false
    }

    /// Whitespace, or a byte of the UTF-8 byte order mark.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }
}
