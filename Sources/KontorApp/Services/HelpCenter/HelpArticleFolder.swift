import Foundation
import KontorDomain

/// Reads and writes a folder of article files (docs as code): `<language>/<slug>.md`, or any `.md` below it.
enum HelpArticleFolder {
    /// How much one import may hold.
    struct Limits: Sendable {
        /// Files per import. Five languages of 400 guides (Kontor ships 34 in es/en/fr, the billing ones also in de/it); every
        /// file is read and held in memory before anything is written, so the import is all or nothing.
        var files = 2_000
        /// The most a file may weigh on disk before it is read: the body's limit plus room for the front matter, so a
        /// 20 MB file is refused from its size alone and never read.
        var fileBytes = ArticleFile.bodyByteLimit + 16 * 1024

        static let standard = Limits()
    }

    /// Every article below `folder`, each checked completely (format, language folder, category, contexts, console
    /// links, size). With any problem in any file, throws all of them and returns nothing. `shownAs` is the folder as
    /// the operator typed it, so messages show paths they recognise.
    static func read(_ folder: URL, shownAs shown: String? = nil, limits: Limits = .standard) throws(HelpImportFailure) -> [ArticleDraft] {
        try readMarked(folder, shownAs: shown, limits: limits).drafts
    }

    /// `read`, and the articles (`language/slug`) whose files say `status: draft`.
    static func readMarked(_ folder: URL, shownAs shown: String? = nil, limits: Limits = .standard) throws(HelpImportFailure)
        -> (drafts: [ArticleDraft], unpublished: Set<String>) {
        let root = shown.map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 } ?? folder.path
        let files = try articleFiles(in: folder, shownAs: root, limit: limits.files)
        var drafts: [ArticleDraft] = []
        var unpublished: Set<String> = []
        var problems: [HelpImportProblem] = []
        var firstPath: [String: String] = [:]
        for file in files {
            let path = root + "/" + file
            let components = file.split(separator: "/")
            let folderName = components.count > 1 ? String(components[components.count - 2]) : nil
            guard let (draft, isDraft, lines) = readArticle(folder.appendingPathComponent(file), shownAs: path, folderName: folderName,
                                                   maximumBytes: limits.fileBytes, problems: &problems) else { continue }
            let key = draft.language + "/" + draft.slug
            if let other = firstPath[key] {
                problems.append(HelpImportProblem(path: path, line: lines.line(of: "slug"), message: "slug: the article \(key) is also in \(other)"))
            } else {
                firstPath[key] = path
                drafts.append(draft)
                if isDraft { unpublished.insert(key) }
            }
        }
        guard problems.isEmpty else { throw HelpImportFailure(problems: problems) }
        return (drafts.sorted { ($0.language, $0.slug) < ($1.language, $1.slug) }, unpublished)
    }

    /// The `.md` files below `folder`, as paths relative to it, in a stable order.
    private static func articleFiles(in folder: URL, shownAs root: String, limit: Int) throws(HelpImportFailure) -> [String] {
        func refuse(_ message: String) -> HelpImportFailure {
            HelpImportFailure(problems: [HelpImportProblem(path: root, line: nil, message: message)])
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { throw refuse("no such folder") }
        guard isFolder.boolValue else { throw refuse("is a file; give the folder that holds <language>/<slug>.md files") }
        guard let all = try? FileManager.default.subpathsOfDirectory(atPath: folder.path) else { throw refuse("cannot be read") }
        let files = all.filter { $0.hasSuffix(".md") }.sorted()
        guard !files.isEmpty else { throw refuse("holds no .md article files") }
        guard files.count <= limit else {
            throw refuse("holds \(files.count) article files; one import takes at most \(limit), so import it in parts")
        }
        return files
    }

    /// One file's draft and layout when nothing is wrong with it; otherwise nil, with everything wrong added to `problems`.
    private static func readArticle(_ url: URL, shownAs path: String, folderName: String?, maximumBytes: Int,
                                    problems: inout [HelpImportProblem]) -> (ArticleDraft, Bool, ArticleFileLines)? {
        func refuse(_ line: Int?, _ message: String) -> (ArticleDraft, Bool, ArticleFileLines)? {
            problems.append(HelpImportProblem(path: path, line: line, message: message))
            return nil
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maximumBytes else {
            return refuse(nil, "the file is \(ByteSize.text(size)); an article may have at most \(ByteSize.text(ArticleFile.bodyByteLimit)) of Markdown")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { return refuse(nil, "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else {
            // The line of the first byte that is not UTF-8: decoding replaces it with U+FFFD.
            let readable = String(decoding: data, as: UTF8.self)
            let line = readable.prefix { $0 != "\u{FFFD}" }.filter { $0 == "\n" }.count + 1
            return refuse(line, "is not UTF-8 text; save the file as UTF-8")
        }
        let lines = ArticleFileLines(text)
        let parsed = ArticleFile.parseAll(text, fallbackSlug: url.deletingPathExtension().lastPathComponent)
        for error in parsed.problems {
            // The line goes in front of the message, so YAML's "line N:" inside it would only repeat it.
            if case .malformedYAML(_, let problem) = error {
                problems.append(HelpImportProblem(path: path, line: lines.line(of: error), message: "\(error.field): \(problem)"))
            } else {
                problems.append(HelpImportProblem(path: path, line: lines.line(of: error), message: error.description))
            }
        }
        guard let draft = parsed.draft else { return nil }
        let isDraft = parsed.isDraft
        let found = HelpArticleFileCheck.problems(in: draft, lines: lines, folderName: folderName)
        problems += found.map { HelpImportProblem(path: path, line: $0.line, message: $0.message) }
        return found.isEmpty ? (draft, isDraft, lines) : nil
    }

    /// Writes every draft to `<folder>/<language>/<slug>.md`, those in `unpublished` (`language/slug`) marked
    /// `status: draft`; returns the number of files written.
    static func write(_ drafts: [ArticleDraft], unpublished: Set<String> = [], to folder: URL) throws -> Int {
        for draft in drafts {
            let directory = folder.appendingPathComponent(draft.language, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let isDraft = unpublished.contains(draft.language + "/" + draft.slug)
            try Data(ArticleFile.render(draft, isDraft: isDraft).utf8).write(to: directory.appendingPathComponent(draft.slug + ".md"), options: .atomic)
        }
        return drafts.count
    }
}
