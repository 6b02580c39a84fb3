/// Why a PDF could not be produced. Rendering never traps: every failure of the C libraries ends up here.
public enum PDFError: Error, Equatable, Sendable {
    /// Cairo reported a status other than success; `message` is its own description, `status` the raw code.
    case cairo(status: Int, message: String)
    /// The slip's payload cannot be a QR code (empty, too long for a 46 mm code, or containing NUL).
    case qrCodeUnencodable(String)
    /// The payload is longer than the 997 characters the Swiss Payments Code allows.
    case payloadTooLong(characters: Int)
    /// Pango could not create a layout (no font map or out of memory).
    case textLayoutUnavailable
}
