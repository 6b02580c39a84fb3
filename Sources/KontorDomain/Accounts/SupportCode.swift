/// The numeric code a customer reads to the provider's support staff so they can find the account quickly
/// (seed guide "code support y code VIP"). It identifies; it never authorises anything.
public struct SupportCode: Hashable, Sendable, CustomStringConvertible {
    public static let digits = 8
    public let value: String

    public init?(_ raw: String) {
        let compact = raw.filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count == Self.digits, compact.allSatisfy(\.isASCII), compact.allSatisfy(\.isNumber) else { return nil }
        self.value = compact
    }

    /// A new random code; `random` is injected so tests can freeze it.
    public static func generate(using random: inout some RandomNumberGenerator) -> SupportCode {
        // The first digit is never 0, so the code keeps its length when typed into a number field.
        let first = Int.random(in: 1...9, using: &random)
        let rest = (1..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
        return SupportCode(String(first) + rest)!
    }

    /// Grouped for reading aloud: `1234 5678`.
    public var formatted: String { String(value.prefix(4)) + " " + String(value.suffix(4)) }
    public var description: String { value }
}
