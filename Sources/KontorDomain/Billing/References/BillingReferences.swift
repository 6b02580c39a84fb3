/// How Kontor builds the payment references it hands out, so that a reference alone says whose money it is and
/// what it pays (payments.md: "QRR = kind prefix + customer number + invoice number").
///
/// The layout, in digits: one kind digit, the customer number in 9 digits, then the document's sequence number
/// (16 digits in a QRR, up to 11 in an RF reference). A QR-IBAN account gets QR references, any other account
/// RF creditor references with the same digits.
public enum BillingReferences {
    public enum Kind: Int, Sendable {
        /// Pays one invoice.
        case invoice = 1
        /// The organization's permanent reference for standing orders and top-ups: always credits the prepaid account.
        case topUp = 9
    }

    /// The reference for a document. `sequence` is the invoice's number in its series; 0 for a top-up reference.
    public static func reference(kind: Kind, customerNumber: Int, sequence: Int, qrIBAN: Bool) -> PaymentReference? {
        guard customerNumber > 0, customerNumber < 1_000_000_000, sequence >= 0 else { return nil }
        let customer = padded(customerNumber, to: 9)
        if qrIBAN {
            guard sequence < 10_000_000_000_000_000 else { return nil }
            return QRReference(payload: "\(kind.rawValue)\(customer)\(padded(sequence, to: 16))").map(PaymentReference.qr)
        }
        guard sequence < 100_000_000_000 else { return nil }
        return CreditorReference(body: "\(kind.rawValue)\(customer)\(sequence)").map(PaymentReference.creditor)
    }

    private static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Reads back what a Kontor reference says: its kind and customer number; nil for anyone else's reference.
    public static func decode(_ reference: PaymentReference) -> (kind: Kind, customerNumber: Int)? {
        // On bytes: a reference is ASCII, and the import decodes one per payment.
        let digits: ArraySlice<UInt8> = switch reference {
        case .qr(let qr): Array(qr.digits.utf8)[...]
        case .creditor(let rf): Array(rf.electronic.utf8).dropFirst(4)
        }
        guard digits.count >= 10, digits.prefix(10).allSatisfy({ (0x30...0x39).contains($0) }),
              let kind = Kind(rawValue: Int(digits[digits.startIndex] - 0x30)) else { return nil }
        let customer = digits.dropFirst().prefix(9).reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard customer > 0 else { return nil }
        return (kind, customer)
    }
}
