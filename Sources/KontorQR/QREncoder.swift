import CQRencode
import Foundation

/// The one place that calls libqrencode.
enum QREncoder {
    /// libqrencode builds its Reed–Solomon tables and generator polynomials lazily in process-wide
    /// statics, and guards them with a mutex only when it was compiled with pthread support
    /// (`HAVE_LIBPTHREAD`; its header warns "THREAD UNSAFE when pthread is disabled"). Debian's build
    /// has it, but a Homebrew or hand-made build need not, and a race there corrupts codes silently.
    /// Codes are encoded once per enrolment, in well under a millisecond, so one lock costs nothing.
    private static let lock = NSLock()

    /// Encodes `text` and returns the side length and the row-major dark/light grid.
    static func encode(_ text: String, correction: QRCorrection) throws(QRCodeError) -> (size: Int, modules: [Bool]) {
        guard !text.isEmpty else { throw .empty }
        // `QRcode_encodeString` reads a C string: an embedded NUL would silently drop the rest of the text,
        // and a code that scans to something else than asked for is worse than an error.
        guard !text.utf8.contains(0) else { throw .encodingFailed }

        let outcome: (code: UnsafeMutablePointer<QRcode>?, errorNumber: Int32) = lock.withLock {
            // errno is per thread and only meaningful after a failed call: clear it, call, read it
            // at once on the same thread, before anything else can overwrite it.
            errno = 0
            // Version 0 lets the library pick the smallest version that fits. QR_MODE_8 keeps non-
            // alphanumeric bytes (all of UTF-8 beyond ASCII) as they are; case-sensitive (1) so the
            // URI's lowercase letters are not upper-cased.
            let code = QRcode_encodeString(text, 0, correction.level, QR_MODE_8, 1)
            return (code, errno)
        }

        guard let code = outcome.code else {
            throw outcome.errorNumber == ERANGE ? .tooLong : .encodingFailed
        }
        defer { QRcode_free(code) }

        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { throw .encodingFailed }
        // Each byte describes one module; only bit 0 says dark (1) or light (0). The other bits tell
        // what kind of module it is (finder, timing, data…), which a renderer does not need.
        let modules = UnsafeBufferPointer(start: data, count: width * width).map { $0 & 1 == 1 }
        return (width, modules)
    }
}

extension QRCorrection {
    /// libqrencode's name for the level.
    var level: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}
