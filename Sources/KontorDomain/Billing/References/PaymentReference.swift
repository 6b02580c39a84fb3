/// The reference a payment carries, as the QR-bill and camt files type it.
public enum PaymentReference: Hashable, Sendable, CustomStringConvertible {
    case qr(QRReference)
    case creditor(CreditorReference)

    /// Reads a reference of either kind; the type a bank file states (`QRR`, `SCOR`) is a hint only, since
    /// files in the wild mislabel them, and an invalid reference is no reference at all (payments.md).
    public init?(_ text: String) {
        if let qr = QRReference(text) { self = .qr(qr) }
        else if let scor = CreditorReference(text) { self = .creditor(scor) }
        else { return nil }
    }

    /// The form stored and compared: digits or `RF…`, no spaces.
    public var electronic: String {
        switch self {
        case .qr(let reference): reference.digits
        case .creditor(let reference): reference.electronic
        }
    }

    /// `QRR` or `SCOR`, the QR-bill's reference type.
    public var typeCode: String {
        switch self {
        case .qr: "QRR"
        case .creditor: "SCOR"
        }
    }

    public var printed: String {
        switch self {
        case .qr(let reference): reference.printed
        case .creditor(let reference): reference.printed
        }
    }

    public var description: String { printed }
}
