/// The command line: a command name followed by `--name value` options and bare `--flag`s.
struct Options: Sendable {
    /// A bad command line; the message is printed with the usage text.
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static let usage = """
        usage: kontor-search-eval quality [--postgres URL] [--chart PATH] [--details] [--every-seed-guide]
                                          [--without-keywords] [--without-seed] [--shipped-only]
                                          [--seed PATH] [--query-file PATH] [--help-content PATH]
               kontor-search-eval latency [--articles 10000] [--queries 2000] [--postgres URL] [--sample]
                                          [--seed PATH] [--query-file PATH] [--help-content PATH]
               kontor-search-eval probe --query TEXT [--language es]   (Kontor's top 10 with scores)
               [--shipped-only]
        --every-seed-guide indexes the seed guides the help center holds back as drafts (figures before 5 Dec 2026).
        --without-keywords indexes the guides without their search keywords: the engine alone, as on a provider's
        corpus whose editors never wrote any.
        --without-seed indexes only the guides under --help-content, e.g. Benchmarks/help-search/hosting, a corpus of
        general hosting guides in the style of other providers' help centers.
        --shipped-only runs only Kontor with its shipped synonyms (no SQLite, no other synonym lists): a quick run; with
        probe, the shipped synonyms alone, as quality reports them.
        Run from the repository root. Without --postgres, DATABASE_URL is used when it is a postgres:// URL.
        """

    /// Options that take no value.
    private static let flags: Set<String> = ["details", "sample", "every-seed-guide", "without-keywords", "without-seed", "shipped-only"]

    let command: String
    private var values: [String: String] = [:]
    private var setFlags = Set<String>()

    init(_ arguments: [String]) throws {
        guard let command = arguments.first, !command.hasPrefix("-") else {
            throw UsageError(description: "no command given")
        }
        self.command = command
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { throw UsageError(description: "unexpected argument \(argument)") }
            let name = String(argument.dropFirst(2))
            if Self.flags.contains(name) {
                setFlags.insert(name)
            } else if let value = rest.popFirst() {
                values[name] = value
            } else {
                throw UsageError(description: "--\(name) needs a value")
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { setFlags.contains(name) }

    func int(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let number = Int(text), number > 0 else {
            throw UsageError(description: "--\(name) must be a positive number")
        }
        return number
    }

    /// Where the inputs are, relative to the repository root unless given.
    var seedPath: String { value("seed") ?? "../shared/seeds/000_6f7a77ba93293df4.txt" }
    var queryFile: String { value("query-file") ?? "Benchmarks/help-search/queries.tsv" }
    var helpContent: String { value("help-content") ?? "Sources/KontorApp/Resources/HelpContent" }

    /// The corpus the options name.
    func corpus() throws -> Corpus {
        let corpus = try Corpus.load(
            seedPath: seedPath, helpContent: helpContent, publishingEverySeedGuide: flag("every-seed-guide"),
            includingSeed: !flag("without-seed"))
        return flag("without-keywords") ? corpus.withoutKeywords() : corpus
    }
}
