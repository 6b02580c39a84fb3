import Foundation

/// One page of a statement the bank split over several messages (ISO 20022 `Pagination`: `PgNb`, `LastPgInd`), as
/// Swiss banks do for a large day. A page whose last page has not arrived leaves the statement incomplete: its
/// payments were not all seen, so reminders of the account's currency wait (`StatementPages`).
public struct StatementPage: Sendable, Hashable, Codable {
    /// 1 for the first page.
    public let number: Int
    /// `LastPgInd`: whether this is the statement's last page.
    public let isLast: Bool

    public init(number: Int, isLast: Bool) {
        self.number = number
        self.isLast = isLast
    }

    /// Whether the statement is all on this page: page 1, and the last.
    public var isWhole: Bool { number == 1 && isLast }

    /// Pagination as read, before both parts are known.
    struct Draft: Sendable {
        var number: Int?
        var isLast: Bool?

        /// Both parts, or nil: a page number without the last-page flag, or the flag without a number, says nothing
        /// reliable (ISO 20022 makes both mandatory).
        var page: StatementPage? {
            guard let number, let isLast else { return nil }
            return StatementPage(number: number, isLast: isLast)
        }
    }

    /// `PgNb`: up to five digits (`Max5NumericText`), from 1; anything else is not read.
    static func number(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...5).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(trimmed), value >= 1 else { return nil }
        return value
    }

    /// `LastPgInd`, an XML Schema boolean: `true`/`1` or `false`/`0`.
    static func flag(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }
}

/// What is missing of a statement the bank split into pages, from the pages imported.
public enum StatementPages {
    /// Pages that never arrived.
    public struct Missing: Sendable, Hashable, Codable {
        /// Page numbers known to be missing (before the last page, or before the highest page imported).
        public let pages: [Int]
        /// When the highest page imported is not marked the last: that page — every page after it may be missing.
        public let after: Int?

        public init(pages: [Int], after: Int?) {
            self.pages = pages
            self.after = after
        }
    }

    /// What is missing of one statement given the pages imported (`received`, any order, repeats allowed), or nil
    /// when it is complete: the highest page imported is marked the last, and pages 1 to it are all there. A page
    /// marked last with pages after it was not the last (the bank marked it in error, or sent it again): what follows
    /// the highest page imported may still be missing. Page numbers above `limit` are never listed one by one.
    public static func missing(_ received: [StatementPage], limit: Int = 99_999) -> Missing? {
        guard let highest = received.map(\.number).max() else { return nil }
        let numbers = Set(received.map(\.number))
        let last = min(highest, limit)
        let absent = (1...last).filter { !numbers.contains($0) }
        if received.contains(where: { $0.number == highest && $0.isLast }) {
            return absent.isEmpty ? nil : Missing(pages: absent, after: nil)
        }
        return Missing(pages: absent, after: last)
    }
}

/// Which numbered statement an entry was reported in: the statement's number (`ElctrncSeqNb`, else `LglSeqNb`), its
/// page, and its day (the end of its period, else its creation day). A second file reporting the same statement of the
/// same account is a copy of it, whatever references it gives its payments (`BatchImport.dropCopiesOfImportedStatements`).
public struct StatementPlace: Sendable, Hashable {
    public let number: Int64
    /// The statement's pagination, else the message's; nil when neither is stated.
    public let page: StatementPage?
    /// `YYYY-MM-DD`, when the statement states a period end or creation time.
    public let day: String?

    public init(number: Int64, page: StatementPage?, day: String?) {
        self.number = number
        self.page = page
        self.day = day
    }
}
