import Fluent
import Foundation
import KontorDomain
import Vapor

/// `kontor help-import [--folder FOLDER] [--draft]`: imports a folder of Markdown article files (docs as code);
/// without a folder, Kontor's own bundled guides. Importing the same files again changes nothing. Every file is checked
/// before anything is written: with any problem, each is printed as `path:line: problem` and nothing is imported.
struct HelpImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "folder", help: "A folder of <language>/<slug>.md files (default: Kontor's bundled guides)") var folder: String?
        @Flag(name: "draft", help: "Import as drafts instead of publishing") var draft: Bool
    }
    var help: String { "Imports help articles from Markdown files with front matter." }

    /// EX_DATAERR from sysexits.h: the files are wrong (a mistyped command line is EX_USAGE, 64, from `Kontor.run`).
    static let dataExitCode: Int32 = 65

    func run(using context: CommandContext, signature: Signature) async throws {
        let drafts: [ArticleDraft]
        var unpublished: Set<String> = []
        do throws(HelpImportFailure) {
            if let folder = signature.folder {
                (drafts, unpublished) = try HelpArticleFolder.readMarked(URL(fileURLWithPath: folder), shownAs: folder)
            } else {
                drafts = try BundledHelpContent.load()
            }
        } catch {
            for problem in error.problems { context.console.report(error: problem.description, newLine: true) }
            context.console.report(error: "help-import: nothing imported; \(error.problems.count) problem(s) in \(error.fileCount) file(s) or folder(s)", newLine: true)
            throw ExitCode(Self.dataExitCode)
        }
        try await HelpImport.run(drafts, publish: !signature.draft, unpublished: unpublished, context: context, source: signature.folder ?? "bundled guides")
    }
}

/// `kontor help-import-seed PATH`: splits the knowledge-base page into its guides and imports them in Spanish.
struct HelpImportSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "The knowledge-base page, e.g. ../shared/seeds/000_6f7a77ba93293df4.txt") var path: String
    }
    var help: String { "Imports the guides of a knowledge-base page (the specification seed) as Spanish articles." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let text: String
        do {
            text = try String(contentsOfFile: signature.path, encoding: .utf8)
        } catch {
            let problem = FileManager.default.fileExists(atPath: signature.path) ? "cannot be read as UTF-8 text" : "no such file"
            context.console.report(error: "\(signature.path): \(problem)", newLine: true)
            throw ExitCode(66)   // EX_NOINPUT, as `billing import` for a file it cannot read
        }
        try await HelpImport.runSeed(text, context: context, source: signature.path)
    }
}

/// `kontor help-export FOLDER`: writes every article as `<language>/<slug>.md` with front matter.
struct HelpExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "folder", help: "Where to write the files") var folder: String
    }
    var help: String { "Exports every help article as a Markdown file with front matter." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let articles = try await HelpArticle.query(on: context.application.db).sort(\.$language).sort(\.$slug).all()
        // Live content; a draft is marked so, so that importing the export again publishes nothing.
        let unpublished = Set(articles.filter { $0.status != .published }.map { $0.language + "/" + $0.slug })
        let written = try HelpArticleFolder.write(articles.map(\.draft), unpublished: unpublished, to: URL(fileURLWithPath: signature.folder))
        context.console.success("Wrote \(written) article file(s) to \(signature.folder).")
    }
}

enum HelpImport {
    /// The seed's guides, adapted to this console (`SeedGuideImport`), with what became of each.
    static func runSeed(_ text: String, context: CommandContext, source: String) async throws {
        let app = context.application
        let report = try await SeedGuideImport(db: app.db, now: app.kontor.clock.now(), providerName: app.kontor.config.providerName).run(text)
        context.console.print("Read \(report.published.count + report.drafts.count) guides from \(source).")
        context.console.success("Published (new topics): \(report.published.count)")
        if !report.drafts.isEmpty {
            context.console.print("Kept as drafts for an editor, each covering the topic of a published guide:")
            for (slug, covered) in report.drafts.sorted(by: { $0.key < $1.key }) { context.console.print("  \(slug) → \(covered)") }
        }
    }

    /// Imports in batches, printing progress, so a large folder shows how far it has come; all batches share one
    /// transaction, so a failure on the way (a lost connection) leaves the help center as it was.
    static func run(_ drafts: [ArticleDraft], publish: Bool, unpublished: Set<String> = [], context: CommandContext, source: String) async throws {
        let app = context.application
        let now = app.kontor.clock.now()
        let total = try await app.db.transaction { db in
            var total = HelpLibrary.ImportReport()
            let batches = stride(from: 0, to: drafts.count, by: 50).map { Array(drafts[$0..<min($0 + 50, drafts.count)]) }
            for (index, batch) in batches.enumerated() {
                let report = try await HelpLibrary(db: db, now: now).importDrafts(batch, publish: publish, unpublished: unpublished)
                total.created += report.created
                total.updated += report.updated
                total.unchanged += report.unchanged
                context.console.print("[\(min((index + 1) * 50, drafts.count))/\(drafts.count)] read from \(source)")
            }
            return total
        }
        context.console.success("Help articles: \(total.created) created, \(total.updated) updated, \(total.unchanged) unchanged.")
    }
}
