/// A QR code symbol: a square grid of dark and light modules, ready to draw.
///
/// Kontor uses it to show an `otpauth://` URI to authenticator apps during two-factor enrolment.
/// The grid is copied out of libqrencode straight away, so the value owns no C memory and can be
/// shared freely between tasks.
public struct QRCode: Sendable {
    /// Modules per side: `17 + 4 × version`, from 21 (version 1) to 177 (version 40).
    public let size: Int

    /// The modules row by row (`modules[y * size + x]`), `true` for dark. There are `size × size` of them.
    public let modules: [Bool]

    /// Encodes `text` (as UTF-8) in the smallest QR code version that holds it at `correction`.
    ///
    /// - Throws: `.empty` for an empty text; `.tooLong` when it does not fit even version 40 at this
    ///   correction level (about 2,300 bytes at `.medium`); `.encodingFailed` for anything else
    ///   libqrencode refuses, including a text containing a NUL character, which the C API would cut short.
    public init(encoding text: String, correction: QRCorrection = .medium) throws(QRCodeError) {
        let (size, modules) = try QREncoder.encode(text, correction: correction)
        self.size = size
        self.modules = modules
    }

    /// Whether the module in column `x`, row `y` (from the top-left corner) is dark.
    ///
    /// Outside the symbol the answer is `false`: that is the light quiet zone every QR code needs
    /// around it, so a renderer can ask about a margin without checking bounds itself.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}
