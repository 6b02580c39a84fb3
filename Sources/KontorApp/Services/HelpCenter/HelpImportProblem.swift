/// One thing wrong with an import, printed as `path:line: problem` like a compiler's message, so an editor (or CI)
/// jumps to the line. Problems with the folder itself have no line.
struct HelpImportProblem: Sendable, Equatable, CustomStringConvertible {
    let path: String
    let line: Int?
    let message: String

    var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// Why an import was refused: every problem in every file, found before anything was written.
struct HelpImportFailure: Error, Sendable, CustomStringConvertible {
    let problems: [HelpImportProblem]

    /// How many files have at least one problem.
    var fileCount: Int { Set(problems.map(\.path)).count }

    var description: String { problems.map(\.description).joined(separator: "\n") }
}
