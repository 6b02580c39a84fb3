/// The "MySQL prefix" option of a site (seed guide "Prefijo MySQL"). Every database and database user on a hosting
/// server carries the server's prefix (`wxyz_mabase`). With the option on, a script may leave the prefix out and
/// connect as `monuser` to `mabase`; the server adds it. With the option off, configuration files must name the
/// prefixed database and user themselves.
public struct MySQLServerPrefix: Hashable, Sendable, CustomStringConvertible {
    /// Lowercase letters and digits, 2 to 8 of them, starting with a letter: what MySQL accepts in a name unquoted.
    public let value: String

    public init?(_ raw: String) {
        let text = raw.lowercased()
        guard (2...8).contains(text.count), let first = text.first, first.isASCII, first.isLetter,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        value = text
    }

    public var description: String { value }

    /// `wxyz_` — what every database and user name on the server starts with.
    public var namePrefix: String { value + "_" }

    /// The name a script's connection reaches: with the option on, a name without the prefix gets it added
    /// (`monuser` → `wxyz_monuser`); a name that already has it, or any name with the option off, is used as written.
    public func effectiveName(_ name: String, optionEnabled: Bool) -> String {
        guard optionEnabled, !name.hasPrefix(namePrefix) else { return name }
        return namePrefix + name
    }

    /// What to change in configuration files after switching the option off ("Implicaciones y ajustes a realizar"):
    /// each name written without the prefix, before and after.
    public func adjustments(database: String, user: String) -> [Adjustment] {
        [Adjustment(setting: .database, before: database, after: effectiveName(database, optionEnabled: true)),
         Adjustment(setting: .user, before: user, after: effectiveName(user, optionEnabled: true))]
            .filter { $0.before != $0.after }
    }

    public struct Adjustment: Hashable, Sendable {
        public enum Setting: String, Sendable { case database, user }
        public let setting: Setting
        public let before: String
        public let after: String
    }
}
