import ConsoleKit
import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor

@Suite("kontor help-import says what is wrong, everywhere at once, and then imports nothing")
struct HelpImportValidationTests {
    @Test("every problem of every file is reported as path:line, and not even the good file is imported")
    func everyProblemWithItsLine() async throws {
        let folder = try ArticleFolder()
        defer { folder.remove() }
        try folder.write("en/good.md", ArticleFolder.article(slug: "good", language: "en"))
        try folder.write("fr/profil.md", ArticleFolder.article(slug: "profil", language: "en"))
        try folder.write("es/facturas.md", ArticleFolder.article(
            slug: "facturas", language: "es", category: "weather", contexts: "[profile, nowhere]",
            body: "Todo bien aquí.\nAbra [la página](console:no-such-page).\n"))
        try folder.write("en/broken.md", "---\nslug: broken\ntitle: \"never closed\nkind: faq\n---\nText.\n")

        try await withTestApp { app, _ in
            let run = try await HelpImportRun(app, ["--folder", folder.url.path])

            let root = folder.url.path
            #expect(run.exitCode == HelpImportCommand.dataExitCode)
            #expect(run.problems.map(\.location) == [
                "\(root)/en/broken.md:3", "\(root)/es/facturas.md:7", "\(root)/es/facturas.md:8", "\(root)/es/facturas.md:11",
                "\(root)/fr/profil.md:3",
            ])
            #expect(run.problems[1].message.hasPrefix("category: unknown category \"weather\" (getting-started, "))
            #expect(run.problems[2].message.hasPrefix("contexts: \"nowhere\" is no console page ("))
            #expect(run.problems[3].message.hasPrefix("link console:no-such-page leads to no console page (console, profile, "))
            #expect(run.problems[4].message == "language: \"en\", but the file is in the folder fr/")
            #expect(run.console.errors.last == "help-import: nothing imported; 5 problem(s) in 3 file(s) or folder(s)")
            #expect(try await HelpArticle.query(on: app.db).count() == 0)
        }
    }

    @Test("a file with several format problems gets all of them in one run, an empty body among them")
    func everyFormatProblemOfOneFile() async throws {
        let folder = try ArticleFolder()
        defer { folder.remove() }
        try folder.write("en/multi.md", "---\nslug: L_Bad\nlanguage: zz\nkind: tutorial\ntitle: T\ncategory: weather\n---\n   \n")
        try await withTestApp { app, _ in
            let run = try await HelpImportRun(app, ["--folder", folder.url.path])
            let messages = run.problems.map(\.message)
            #expect(messages.contains { $0.hasPrefix("slug: \"L_Bad\" is not a slug") })
            #expect(messages.contains { $0.hasPrefix("language: unsupported language \"zz\"") })
            #expect(messages.contains { $0.hasPrefix("kind: unknown kind \"tutorial\"") })
            #expect(messages.contains { $0.hasPrefix("body: empty") })
            #expect(run.problems.count == 4, "\(messages)")
            #expect(try await HelpArticle.query(on: app.db).count() == 0)
        }
    }

    @Test("an article over 256 KB of Markdown is refused at the line its body starts; a 20 MB file is refused unread")
    func sizeLimits() throws {
        let folder = try ArticleFolder()
        defer { folder.remove() }
        let atLimit = String(repeating: "a", count: ArticleFile.bodyByteLimit)
        try folder.write("en/at-limit.md", ArticleFolder.article(slug: "at-limit", language: "en", body: atLimit))
        try folder.write("en/over-limit.md", ArticleFolder.article(slug: "over-limit", language: "en", body: atLimit + "é"))
        try folder.write("en/huge.md", ArticleFolder.article(slug: "huge", language: "en", body: String(repeating: "x", count: 20 * 1024 * 1024)))

        let problems = Self.problems { try HelpArticleFolder.read(folder.url) }

        #expect(problems.map(\.description) == [
            "\(folder.url.path)/en/huge.md: the file is 20.1 MB; an article may have at most 256 KB of Markdown",
            "\(folder.url.path)/en/over-limit.md:10: body: 256.1 KB of Markdown; an article may have at most 256 KB",
        ])
    }

    @Test("more files than one import takes are refused before any is read")
    func fileCountLimit() throws {
        let folder = try ArticleFolder()
        defer { folder.remove() }
        for slug in ["a", "b", "c"] { try folder.write("en/\(slug).md", ArticleFolder.article(slug: slug, language: "en")) }

        let problems = Self.problems { try HelpArticleFolder.read(folder.url, limits: .init(files: 2)) }

        #expect(problems.map(\.description) == ["\(folder.url.path): holds 3 article files; one import takes at most 2, so import it in parts"])
        #expect(HelpArticleFolder.Limits.standard.files == 2_000)
    }

    @Test("a file that is not UTF-8 and two files for one article are named with their line")
    func encodingAndDuplicates() throws {
        let folder = try ArticleFolder()
        defer { folder.remove() }
        var latin1 = Data(ArticleFolder.article(slug: "latin", language: "fr").utf8)
        latin1.append(contentsOf: [0x63, 0x61, 0x66, 0xE9, 0x0A])  // "café" in ISO 8859-1, on line 11 after the body's line 10
        try latin1.write(to: folder.url.appendingPathComponent("fr/latin.md"))
        try folder.write("en/one.md", ArticleFolder.article(slug: "same", language: "en"))
        try folder.write("en/two.md", ArticleFolder.article(slug: "same", language: "en"))

        let problems = Self.problems { try HelpArticleFolder.read(folder.url, shownAs: "docs/help/") }

        #expect(problems.map(\.description) == [
            "docs/help/en/two.md:2: slug: the article en/same is also in docs/help/en/one.md",
            "docs/help/fr/latin.md:11: is not UTF-8 text; save the file as UTF-8",
        ])
    }

    @Test("a folder that is missing, a file, or empty, and --folder without a folder, stop the import with a sentence")
    func missingFolder() async throws {
        let folder = try ArticleFolder()
        defer { folder.remove() }
        try folder.write("notes.txt", "not an article")

        try await withTestApp { app, _ in
            let missing = try await HelpImportRun(app, ["--folder", folder.url.path + "/nowhere"])
            #expect(missing.exitCode == HelpImportCommand.dataExitCode)
            #expect(missing.console.errors.first == "\(folder.url.path)/nowhere: no such folder")

            let file = try await HelpImportRun(app, ["--folder", folder.url.path + "/notes.txt"])
            #expect(file.console.errors.first?.hasSuffix("notes.txt: is a file; give the folder that holds <language>/<slug>.md files") == true)

            let empty = try await HelpImportRun(app, ["--folder", folder.url.path])
            #expect(empty.console.errors.first == "\(folder.url.path): holds no .md article files")

            #expect(try await HelpArticle.query(on: app.db).count() == 0, "the bundled guides were not imported instead")
        }

        // `--folder` without a folder is refused by the command line itself, as a usage error.
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let report = Reported()
        let code = await Kontor.run(Environment(name: "testing", arguments: ["kontor", "help-import", "--folder"]),
                                    variables: ["KONTOR_DATABASE_PATH": database, "KONTOR_SECRET_KEY": ConfigurationTests.key],
                                    dotEnvPath: nil, console: RecordingConsole(), report: { report.append($0) })
        #expect(code == 64)
        #expect(report.lines == ["Input not recognized: --folder"])
    }

    @Test("Kontor's bundled guides pass every check and import; a second import changes nothing")
    func bundledGuides() async throws {
        #expect(Self.problems { try BundledHelpContent.load() }.isEmpty)
        try await withTestApp { app, _ in
            let first = try await HelpImportRun(app, [])
            #expect(first.exitCode == 0)
            let count = try await HelpArticle.query(on: app.db).count()
            #expect(count >= 87)
            let second = try await HelpImportRun(app, [])
            #expect(second.console.output.contains("0 created, 0 updated, \(count) unchanged"))
        }
    }

    /// The problems `read` throws, or none.
    static func problems<Result>(_ read: () throws -> Result) -> [HelpImportProblem] {
        do {
            _ = try read()
            return []
        } catch {
            return (error as? HelpImportFailure)?.problems ?? [HelpImportProblem(path: "?", line: nil, message: "\(error)")]
        }
    }
}

/// One run of `kontor help-import` on `app`, with what it printed.
struct HelpImportRun {
    let exitCode: Int32
    let console = RecordingConsole()

    init(_ app: Application, _ arguments: [String]) async throws {
        var input = CommandInput(arguments: ["kontor"] + arguments)
        var context = CommandContext(console: console, input: input)
        context.application = app
        do {
            try await HelpImportCommand().run(using: context, signature: try HelpImportCommand.Signature(from: &input))
            exitCode = 0
        } catch let exit as ExitCode {
            exitCode = exit.code
        }
    }

    /// The `path:line: message` lines, split apart.
    var problems: [(location: String, message: String)] {
        console.errors.dropLast().map { line in
            let parts = line.split(separator: ": ", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}

/// A temporary folder of article files.
struct ArticleFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-help-\(UUID().uuidString)", isDirectory: true)

    init() throws {
        for language in ["en", "es", "fr"] {
            try FileManager.default.createDirectory(at: url.appendingPathComponent(language), withIntermediateDirectories: true)
        }
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(path))
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// An article file whose front matter takes lines 1–9, so the body starts on line 10.
    static func article(slug: String, language: String, category: String = "account-security", contexts: String = "[profile]",
                        body: String = "Open [your profile](console:profile).\n") -> String {
        "---\nslug: \(slug)\nlanguage: \(language)\nkind: guide\ntitle: A title\nsummary: A summary.\n"
            + "category: \(category)\ncontexts: \(contexts)\n---\n" + body
    }
}
