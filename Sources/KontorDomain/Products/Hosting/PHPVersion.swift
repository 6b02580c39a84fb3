/// A PHP release line a site runs (`8.3`). Which lines a provider offers is configuration (`KONTOR_PHP_VERSIONS`);
/// a site may keep a line the provider no longer offers until it is moved to one it does.
public struct PHPVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    /// `8.3`: major and minor, as PHP names its release lines.
    public init?(_ raw: String) {
        let parts = raw.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
              let major = Int(parts[0]), let minor = Int(parts[1]), (5...99).contains(major) else { return nil }
        self.major = major
        self.minor = minor
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }

    /// The version asked for, if the provider offers it.
    public static func choose(_ raw: String?, among offered: [PHPVersion], field: String = "php_version") -> Result<PHPVersion, FieldError> {
        guard let raw, !raw.isEmpty else { return .failure(FieldError(field: field, messageKey: "error.required")) }
        guard let version = PHPVersion(raw), offered.contains(version) else {
            return .failure(FieldError(field: field, messageKey: "error.sites.php_version"))
        }
        return .success(version)
    }
}
