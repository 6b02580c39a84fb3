/// The name of a MySQL database or database user on a web hosting, as the customer types it (`mabase`): the server
/// stores it behind the server's prefix (`wxyz_mabase`). The seed guide "Prefijo MySQL" says which name a script must
/// write with the site's option on (`mabase`) and off (`wxyz_mabase`); `scriptNames(prefix:)` gives both.
public struct MySQLObjectName: Hashable, Sendable, Comparable {
    public enum Kind: String, Sendable, CaseIterable {
        case database, user

        /// MySQL's own limits on the whole, prefixed name (MySQL 8.4 reference, "Identifier Length Limits": 64
        /// characters for a database, 32 for an account's user name since 5.7.8).
        public var maximumLength: Int {
            switch self {
            case .database: 64
            case .user: 32
            }
        }
    }

    /// The name without the prefix, lowercase.
    public let value: String
    public let kind: Kind

    /// Lowercase ASCII letters, digits and `_`, starting with a letter or digit, at least 2 characters, and short enough
    /// that the prefixed name fits MySQL's limit. Lowercase only because database names are folder names on the
    /// server, and those are case-sensitive on Linux but not elsewhere (a dump moved between them would break).
    /// A name that already starts with the prefix is refused: with the option on it would be ambiguous.
    public static func parse(_ raw: String?, kind: Kind, prefix: MySQLServerPrefix, field: String = "name") -> Result<Self, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .failure(FieldError(field: field, messageKey: "error.required")) }
        guard text.count >= 2, let first = text.first, first.isASCII, first.isLowercase || first.isNumber,
              text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            return .failure(FieldError(field: field, messageKey: "error.sites.mysql_name"))
        }
        guard !text.hasPrefix(prefix.namePrefix) else { return .failure(FieldError(field: field, messageKey: "error.sites.mysql_name_prefixed")) }
        guard text.count <= maximumLength(kind, prefix: prefix) else {
            return .failure(FieldError(field: field, messageKey: kind == .database ? "error.sites.database_name_length" : "error.sites.user_name_length"))
        }
        return .success(Self(value: text, kind: kind))
    }

    /// How long the unprefixed name may be on a server with this prefix: `wxyz_` leaves 59 characters for a database
    /// and 27 for a user.
    public static func maximumLength(_ kind: Kind, prefix: MySQLServerPrefix) -> Int { kind.maximumLength - prefix.namePrefix.count }

    private init(value: String, kind: Kind) {
        self.value = value
        self.kind = kind
    }

    /// A name as stored (already checked when it was created).
    public static func stored(_ value: String, kind: Kind) -> Self { Self(value: value, kind: kind) }

    /// The name on the server: `wxyz_mabase`.
    public func fullName(prefix: MySQLServerPrefix) -> String { prefix.namePrefix + value }

    /// What a script must write, with the site's option on and off.
    public func scriptNames(prefix: MySQLServerPrefix) -> ScriptNames {
        ScriptNames(withOptionOn: value, withOptionOff: fullName(prefix: prefix))
    }

    public struct ScriptNames: Hashable, Sendable {
        /// The option adds the prefix, so the short name works (a full name would too).
        public let withOptionOn: String
        /// Nothing is added: configuration files must name the full one.
        public let withOptionOff: String

        public init(withOptionOn: String, withOptionOff: String) {
            self.withOptionOn = withOptionOn
            self.withOptionOff = withOptionOff
        }

        /// What `optionEnabled` makes a script write.
        public func name(optionEnabled: Bool) -> String { optionEnabled ? withOptionOn : withOptionOff }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.kind.rawValue, lhs.value) < (rhs.kind.rawValue, rhs.value) }
}
