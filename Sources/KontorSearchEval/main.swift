import Foundation

// kontor-search-eval: measures the help-center search beside SQLite FTS5 and PostgreSQL full-text search.
// See docs/benchmarks.md for what is measured and the latest figures.
do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    switch options.command {
    case "quality": try await QualityCommand.run(options)
    case "latency": try await LatencyCommand.run(options)
    case "probe":
        guard let query = options.value("query") else { throw Options.UsageError(description: "probe needs --query TEXT") }
        try ProbeCommand.run(options, query: query)
    case "help", "-h", "--help": print(Options.usage)
    default: throw Options.UsageError(description: "unknown command \(options.command)")
    }
} catch let error as Options.UsageError {
    Console.progress("kontor-search-eval: \(error)\n\(Options.usage)")
    exit(2)
} catch {
    Console.progress("kontor-search-eval: \(String(reflecting: error))")
    exit(1)
}
