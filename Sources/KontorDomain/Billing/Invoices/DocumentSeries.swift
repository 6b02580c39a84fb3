/// The numbered series of billing documents. Each is one gapless sequence, assigned when a document is issued,
/// in the same transaction (payments.md: never a database sequence, which leaves gaps on rollback).
public enum DocumentSeries: String, Sendable, CaseIterable, Codable {
    case invoice
    case creditNote = "credit_note"

    /// The printed number: `INV-000123`, `CN-000007`.
    public func number(_ sequence: Int) -> String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    var prefix: String {
        switch self {
        case .invoice: "INV-"
        case .creditNote: "CN-"
        }
    }
}

/// An organization's customer number: stable for its lifetime, printed on every invoice and reminder, so a
/// genuine e-mail can be told from a fraudster's (payments.md, "Against phishing").
public enum CustomerNumber {
    /// The first number handed out; numbers are six digits for the first 900,000 customers.
    public static let first = 100_001
}
