/// Which ISO 20022 cash-management message a bank file is: the daily statement (camt.053) or the
/// credit/debit notification (camt.054). The notification carries each payment; the statement may show only
/// a collective booking for them (payments.md: never credit both).
public enum BankStatementKind: String, Sendable, Hashable {
    /// camt.053, root `BkToCstmrStmt/Stmt`.
    case statement = "053"
    /// camt.054, root `BkToCstmrDbtCdtNtfctn/Ntfctn`.
    case notification = "054"

    /// The element under `Document`.
    var messageElement: String { self == .statement ? "BkToCstmrStmt" : "BkToCstmrDbtCdtNtfctn" }
    /// The element that holds one account's entries.
    var reportElement: String { self == .statement ? "Stmt" : "Ntfctn" }
}

/// The message versions Kontor reads: `.001.08` is current in Switzerland (SPS 2022), `.001.04` is still sent by some
/// banks, `.001.02` by banks abroad until 2025 (a EUR account in Germany), `.001.10` by banks on the 2019 messages, and the
/// others of the same line by bank software that follows ISO's yearly releases. The elements Kontor reads are the same in
/// all of them, or read either way (`Sts` as text or with `Cd`, a debtor's name with or without `Pty`, a payment's
/// amount in `Amt` or, before .001.03, only in `AmtDtls`). `.001.01` (2009) is not among them: no bank still sends it.
public enum BankStatementVersion: String, Sendable, Hashable, CaseIterable {
    case v02 = "02", v03 = "03", v04 = "04", v05 = "05", v06 = "06", v07 = "07", v08 = "08"
    case v09 = "09", v10 = "10", v11 = "11", v12 = "12", v13 = "13"

    /// `001.08`, as the import summary and its record name it.
    public var messageVersion: String { "001." + rawValue }
}

/// A supported message, recognised by its namespace alone (the root element name is the same for all of them).
public struct BankStatementFormat: Sendable, Hashable, CustomStringConvertible {
    /// Statement or notification.
    public let kind: BankStatementKind
    /// .001.02 to .001.13.
    public let version: BankStatementVersion

    public init(kind: BankStatementKind, version: BankStatementVersion) {
        self.kind = kind
        self.version = version
    }

    static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt."

    /// Reads `urn:iso:std:iso:20022:tech:xsd:camt.054.001.08`; nil for any other message or version.
    public init?(namespace: String) {
        guard namespace.hasPrefix(Self.namespacePrefix) else { return nil }
        let parts = namespace.dropFirst(Self.namespacePrefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "001",
              let kind = BankStatementKind(rawValue: String(parts[0])),
              let version = BankStatementVersion(rawValue: String(parts[2])) else { return nil }
        self.init(kind: kind, version: version)
    }

    /// The namespace its `Document` carries.
    public var namespace: String { "\(Self.namespacePrefix)\(kind.rawValue).001.\(version.rawValue)" }

    /// `camt.054.001.08`.
    public var description: String { "camt.\(kind.rawValue).001.\(version.rawValue)" }
}
