/// The group header of a bank file (`GrpHdr`), known before the first entry is handed over, so an importer can
/// refuse a test file or a message it has already imported before it books anything.
public struct BankStatementHeader: Sendable, Hashable {
    public let format: BankStatementFormat
    /// `GrpHdr/MsgId`: the bank's identifier of this message.
    public let messageID: String
    /// `GrpHdr/CreDtTm` as written (an ISO date-time, with or without offset).
    public let createdAt: String
    /// `GrpHdr/AddtlInf` as written.
    public let additionalInformation: String?
    /// `GrpHdr/MsgPgntn`: which page of a message the bank split over several files this is; nil when not stated.
    public let page: StatementPage?

    public init(format: BankStatementFormat, messageID: String, createdAt: String, additionalInformation: String?, page: StatementPage? = nil) {
        self.format = format
        self.messageID = messageID
        self.createdAt = createdAt
        self.additionalInformation = additionalInformation
        self.page = page
    }

    /// Shorthand for `format.kind`.
    public var kind: BankStatementKind { format.kind }
    /// Shorthand for `format.version`.
    public var version: BankStatementVersion { format.version }

    /// Whether the bank marks the file as a test (`SPS/2.0/TEST` in `AddtlInf`, Swiss Payment Standards):
    /// its payments never happened and must not be booked.
    public var isTest: Bool { additionalInformation.map(Self.marksTest) ?? false }

    /// True when the text contains `SPS/<version>/TEST`, the version being digits and dots.
    static func marksTest(_ text: String) -> Bool {
        var rest = Substring(text)
        while let marker = rest.range(of: "SPS/") {
            let parts = rest[marker.upperBound...].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
               parts[1].hasPrefix("TEST") {
                return true
            }
            rest = rest[marker.upperBound...]
        }
        return false
    }
}
