/// The code of an organization with Premium Support, read to its reference technician on the phone
/// (seed guide "code support y code VIP"). Ten digits, so it can never be mistaken for an eight-digit
/// support code typed into the same look-up box. Like the support code it identifies and grants nothing.
public struct VIPCode: Hashable, Sendable, CustomStringConvertible {
    public static let digits = 10
    public let value: String

    /// Accepts the code as printed (`12345 67890`), with spaces or hyphens.
    public init?(_ raw: String) {
        let compact = raw.filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count == Self.digits, compact.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        value = compact
    }

    /// A new random code, never starting with 0.
    public static func generate(using random: inout some RandomNumberGenerator) -> VIPCode {
        let first = Int.random(in: 1...9, using: &random)
        let rest = (1..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
        return VIPCode(String(first) + rest)!
    }

    /// Two groups of five for reading aloud.
    public var formatted: String { String(value.prefix(5)) + " " + String(value.suffix(5)) }
    public var description: String { value }
}

/// What a staff member typed into the look-up box.
public enum SupportLookupCode: Equatable, Sendable {
    case support(SupportCode)
    case vip(VIPCode)

    /// Nil when the text is neither an eight-digit support code nor a ten-digit VIP code.
    public init?(_ raw: String) {
        if let code = SupportCode(raw) { self = .support(code) } else if let code = VIPCode(raw) { self = .vip(code) } else { return nil }
    }
}
