/// Why a text could not be turned into a QR code.
public enum QRCodeError: Error, Equatable {
    /// The text is empty: there is nothing to encode, and a blank code would confuse a scanner.
    case empty
    /// The text does not fit the largest QR code (version 40) at the requested correction level.
    case tooLong
    /// libqrencode refused the text for another reason (a NUL character in it, or out of memory).
    case encodingFailed
}
