/// Statements the bank numbered but that never arrived.
///
/// A bank numbers each account's statements one after the other (`Stmt/ElctrncSeqNb`, ISO 20022: "incremented by 1
/// for every report sent electronically"). Statements 41 and 43 imported, 42 not: the payments of the day 42 reported
/// were never seen, and a reminder would cross them — although the later statement makes the account's statements look
/// up to date. The importer records each statement's number; what is skipped is a gap, shown to staff, and holds the
/// reminders of the account's currency until the statement is imported or staff confirm the bank never issued it.
///
/// Banks start again (a new year, a new contract): a number lower than the one before, and not one recorded near it
/// (an old statement sent again), starts a new run, whose numbers before its first are missing (a restart at 2 lost
/// #1). The numbers are put in order of the statements' own days, so a re-sent old statement falls in its place;
/// numbers recorded on days near a gap fill it whatever their order. Nothing before the first statement the account's
/// imports began with is missing: an older one imported later (a backfill, a return to book) opens no gap.
public enum StatementSequence {
    /// Numbers recorded for one account: one statement (`first == last`), or numbers staff confirmed were never issued.
    public struct Known: Sendable, Hashable {
        public let first: Int64
        public let last: Int64
        /// `YYYY-MM-DD`: the statement's own day, or for confirmed numbers the day of the statement before them.
        public let day: String
        /// Numbers staff confirmed were never issued, rather than a statement.
        public let confirmed: Bool

        public init(first: Int64, last: Int64, day: String, confirmed: Bool = false) {
            self.first = first
            self.last = max(first, last)
            self.day = day
            self.confirmed = confirmed
        }

        public init(number: Int64, day: String) { self.init(first: number, last: number, day: day) }
    }

    /// Numbers skipped between two statements.
    public struct Gap: Sendable, Hashable, Codable {
        public let first: Int64
        public let last: Int64
        /// The day of the statement before the gap: payments up to it were reported.
        public let afterDay: String
        /// The day of the statement after it.
        public let beforeDay: String

        public init(first: Int64, last: Int64, afterDay: String, beforeDay: String) {
            self.first = first
            self.last = last
            self.afterDay = afterDay
            self.beforeDay = beforeDay
        }

        /// How many statements are missing.
        public var count: Int64 { last - first + 1 }
    }

    /// How far apart, in days, a number may be recorded and still fill a gap: a bank that starts again each year
    /// reuses last year's numbers, which must not hide this year's missing ones.
    public static let fillingDays = 62

    /// The gaps in one account's numbers, oldest first. `since`: the day of the statement the account's imports began
    /// with (the first imported); gaps that end before it are none.
    public static func gaps(in known: [Known], since: String? = nil) -> [Gap] {
        let ordered = known.compactMap { item in CivilDay.number(item.day).map { (item, $0) } }
            .sorted { ($0.1, $0.0.first, $0.0.last) < ($1.1, $1.0.first, $1.0.last) }
        let items = ordered.map(\.0)
        var gaps: [Gap] = []
        var previous: (last: Int64, day: String)?
        for (index, (item, day)) in ordered.enumerated() {
            // The next statement's day (confirmed numbers carry the day of the one before them).
            let next = { ordered[index...].first { !$0.0.confirmed }?.0.day ?? item.day }
            if let before = previous, item.first > before.last &+ 1, before.last < Int64.max {
                gaps.append(Gap(first: before.last + 1, last: item.first - 1, afterDay: before.day, beforeDay: next()))
            } else if let before = previous, item.first <= before.last, item.first > 1,
                      !items.contains(where: { $0 != item && $0.first <= item.first && $0.last >= item.first && near($0.day, day) }) {
                // A restart (not a statement sent again): the new run's numbers before its first never arrived.
                gaps.append(Gap(first: 1, last: item.first - 1, afterDay: before.day, beforeDay: next()))
            }
            previous = (item.last, item.day)
        }
        let start = since.flatMap(CivilDay.number)
        return gaps.filter { gap in
            guard let start, let before = CivilDay.number(gap.beforeDay) else { return true }
            return before > start
        }.flatMap { gap in remaining(of: gap, after: items) }
    }

    private static func near(_ day: String, _ other: Int) -> Bool {
        CivilDay.number(day).map { abs($0 - other) <= fillingDays } ?? false
    }

    /// What is left of `gap` once the numbers recorded on days near it are taken out.
    static func remaining(of gap: Gap, after known: [Known]) -> [Gap] {
        guard let around = CivilDay.number(gap.afterDay) else { return [gap] }
        let filling = known.filter { item in
            guard let day = CivilDay.number(item.day) else { return false }
            return abs(day - around) <= fillingDays && item.last >= gap.first && item.first <= gap.last
        }.sorted { $0.first < $1.first }
        var pieces: [Gap] = []
        var next = gap.first
        for item in filling {
            if item.first > next { pieces.append(Gap(first: next, last: item.first - 1, afterDay: gap.afterDay, beforeDay: gap.beforeDay)) }
            if item.last >= gap.last { return pieces }
            next = max(next, item.last + 1)
        }
        if next <= gap.last { pieces.append(Gap(first: next, last: gap.last, afterDay: gap.afterDay, beforeDay: gap.beforeDay)) }
        return pieces
    }

    /// A statement number as written: digits only, at most 18 (ISO 20022 `Number`, whole); nil otherwise.
    public static func number(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 1, let digits = parts.first, (1...18).contains(digits.utf8.count),
              digits.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int64(digits)
    }
}
