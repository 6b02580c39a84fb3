import Foundation
import KontorDomain

/// Reads the hand-written camt files in `Tests/Fixtures/camt` and collects what the reader hands over.
enum BankStatementFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/camt")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Everything a read produced: the header as seen before the first entry, the entries, and the summary or error.
    struct Outcome {
        var headerSeenBeforeEntries: BankStatementHeader?
        var entries: [BankEntry] = []
        var result: Result<BankStatementSummary, BankStatementError>

        var error: BankStatementError? {
            if case .failure(let error) = result { error } else { nil }
        }

        var summary: BankStatementSummary? { try? result.get() }
    }

    static func read(_ name: String, limits: BankStatementLimits = .standard) -> Outcome {
        collect { header, entry throws(BankStatementError) in
            try BankStatementReader.read(from: url(name), limits: limits, header: header, entry: entry)
        }
    }

    static func read(text: String, limits: BankStatementLimits = .standard) -> Outcome {
        collect { header, entry throws(BankStatementError) in
            try BankStatementReader.read(from: Data(text.utf8), limits: limits, header: header, entry: entry)
        }
    }

    static func read(data: Data, limits: BankStatementLimits = .standard) -> Outcome {
        collect { header, entry throws(BankStatementError) in
            try BankStatementReader.read(from: data, limits: limits, header: header, entry: entry)
        }
    }

    private static func collect(
        _ run: ((BankStatementHeader) throws -> Void, (BankEntry) throws -> Void) throws(BankStatementError) -> BankStatementSummary
    ) -> Outcome {
        var header: BankStatementHeader?
        var entries: [BankEntry] = []
        let result = Result { () throws(BankStatementError) in
            try run({ if entries.isEmpty { header = $0 } }, { entries.append($0) })
        }
        return Outcome(headerSeenBeforeEntries: header, entries: entries, result: result)
    }
}
