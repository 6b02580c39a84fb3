/// The file types an identity document or selfie may have, recognised from the bytes themselves: the name
/// and the `Content-Type` a browser sends are whatever the sender says, the first bytes are what the file is.
public enum DocumentType: String, Sendable, CaseIterable, Codable {
    case jpeg, png, pdf

    /// Whether it can be shown with `<img>`.
    public var isImage: Bool { self != .pdf }

    /// The type `bytes` start with, or nil when it is none of the accepted ones.
    /// JPEG: `FF D8 FF` (ISO/IEC 10918-1 SOI marker and the next marker). PNG: the 8-byte signature of
    /// RFC 2083 §3.1. PDF: `%PDF-` (ISO 32000-1 §7.5.2), which readers also accept after up to 1024 bytes of
    /// junk — refused here, so a polyglot cannot hide another format in front.
    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> DocumentType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}
