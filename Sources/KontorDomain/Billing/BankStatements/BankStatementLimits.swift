/// Bounds that keep a hostile or broken upload from using unbounded memory: real camt files stay far below them.
public struct BankStatementLimits: Sendable, Hashable {
    /// Longest text of one element, in UTF-8 bytes (the longest camt field, `AddtlNtryInf`, is 500 characters).
    public var maximumTextBytes: Int
    /// Deepest element nesting (camt.054 .08 needs about 12).
    public var maximumDepth: Int
    /// Most transaction details in one entry; they are held until the entry is complete.
    public var maximumTransactionsPerEntry: Int

    public init(maximumTextBytes: Int = 10_000, maximumDepth: Int = 64, maximumTransactionsPerEntry: Int = 100_000) {
        self.maximumTextBytes = maximumTextBytes
        self.maximumDepth = maximumDepth
        self.maximumTransactionsPerEntry = maximumTransactionsPerEntry
    }

    /// The defaults above.
    public static let standard = BankStatementLimits()
}
