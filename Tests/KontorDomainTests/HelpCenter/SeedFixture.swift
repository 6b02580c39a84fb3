import Foundation
import KontorDomain
import Testing

/// The specification seed, read the way the app reads it: the test reads the file, the importer takes the text.
enum SeedFixture {
    /// `shared/` sits beside the repository; symlinks are resolved so a scratch package pointing here works too.
    static let seedURL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // HelpCenter
        .deletingLastPathComponent()  // KontorDomainTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/seeds/000_6f7a77ba93293df4.txt")
        .standardizedFileURL

    /// The seed page's text.
    static func text() throws -> String {
        try String(contentsOf: seedURL, encoding: .utf8)
    }

    /// The imported guides (imported once; `SeedGuideImportTests` checks that importing is deterministic).
    static func guides() throws -> [ArticleDraft] {
        try imported.get()
    }

    private static let imported = Result { SeedGuideImporter.importGuides(from: try text()) }

    /// The guide with `slug`, failing the test when the importer did not produce it.
    static func guide(_ slug: String) throws -> ArticleDraft {
        try #require(try guides().first { $0.slug == slug }, "no guide with slug \(slug)")
    }

    /// The lines of the section under `heading` (a whole Markdown heading line), up to the next heading of the
    /// same or a higher level.
    static func section(_ heading: String, in body: String, occurrence: Int = 1) -> [String] {
        let lines = body.components(separatedBy: "\n")
        let level = heading.prefix { $0 == "#" }.count
        let starts = lines.indices.filter { lines[$0] == heading }
        guard starts.count >= occurrence else { return [] }
        let start = starts[occurrence - 1] + 1
        let end = lines[start...].firstIndex { line in
            let hashes = line.prefix { $0 == "#" }.count
            return hashes > 0 && hashes <= level && line.dropFirst(hashes).hasPrefix(" ")
        } ?? lines.endIndex
        return Array(lines[start..<end])
    }

    /// The numbered steps among `lines`, without their numbers.
    static func steps(_ lines: [String]) -> [String] {
        lines.compactMap { line in
            let digits = line.prefix(while: \.isNumber)
            guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
            return String(line.dropFirst(digits.count + 2))
        }
    }
}
