import Foundation
import Testing
import KontorDomain

@Suite("Article files: Markdown with YAML front matter")
struct ArticleFileTests {
    static let sample = ArticleDraft(
        slug: "desactivar-la-autenticacion-doble", language: "es", kind: .guide,
        title: "Desactivar la autenticación doble",
        summary: "Esta guía explica cómo desactivar la autenticación doble: también llamada 2FA.",
        body: "## Desactivar la 2FA\n\n1. Haga clic aquí.\n2. Ingrese la contraseña.\n",
        category: "account-security", tags: ["2fa", "seguridad"], keywords: ["quitar la verificación", "doble factor"],
        related: ["modificar-el-correo-electronico-de-recuperacion"], contexts: ["security"]
    )

    /// A valid file whose front matter is `lines`, for the error cases.
    static func file(_ lines: [String], body: String = "Texto.\n") -> String {
        "---\n" + lines.joined(separator: "\n") + "\n---\n" + body
    }

    static let validLines = [
        "slug: cuenta", "language: es", "kind: faq", "title: Mi cuenta", "summary: Lo esencial.",
        "category: account-security", "tags: [cuenta]", "related: []", "contexts: [profile]",
    ]

    static func replacing(_ key: String, with line: String?) -> [String] {
        validLines.compactMap { $0.hasPrefix(key + ":") ? line : $0 }
    }

    @Test("render writes the front matter keys in order, then the body unchanged")
    func renderShape() {
        let text = ArticleFile.render(Self.sample)
        #expect(text.hasPrefix("---\nslug: desactivar-la-autenticacion-doble\nlanguage: es\nkind: guide\n"))
        #expect(text.contains("title: Desactivar la autenticación doble\n"), "accents are written as such")
        #expect(text.hasSuffix("\n---\n" + Self.sample.body))
        let keys = text.components(separatedBy: "\n").compactMap { line in
            line.first?.isLetter == true ? line.split(separator: ":").first.map(String.init) : nil
        }
        #expect(keys == ArticleFile.keys.filter { $0 != "status" }, "a published article's file has no status line")
        let draft = ArticleFile.render(Self.sample, isDraft: true)
        #expect(draft.hasSuffix("\nstatus: draft\n---\n" + Self.sample.body))
    }

    @Test("parse(render(draft)) gives the draft back, and whether it is marked as not published")
    func roundTrip() throws {
        #expect(try ArticleFile.parse(ArticleFile.render(Self.sample), fallbackSlug: "ignored") == Self.sample)
        let marked = try ArticleFile.parseMarked(ArticleFile.render(Self.sample, isDraft: true), fallbackSlug: "ignored")
        #expect(marked.draft == Self.sample && marked.isDraft)
        #expect(try !ArticleFile.parseMarked(ArticleFile.render(Self.sample), fallbackSlug: "ignored").isDraft)
        let odd = ArticleFile.render(Self.sample).replacingOccurrences(of: "\n---\n", with: "\nstatus: live\n---\n")
        #expect(throws: ArticleFileError.unknownStatus("live")) { try ArticleFile.parse(odd, fallbackSlug: "ignored") }
    }

    @Test("round trip keeps values YAML would otherwise read as other types or syntax", arguments: [
        "yes", "null", "123", "~", "title: with colon", "# not a comment", "\"quoted\"", "- dash", "multi\nline", " padded ", "a, b", "[x]", "{y: 1}", "é ñ ü ⚠",
    ])
    func trickyValues(value: String) throws {
        var draft = Self.sample
        draft.title = "T " + value
        draft.summary = value
        draft.tags = [value, "2fa"]
        draft.body = value + "\n---\nnot front matter\n"
        #expect(try ArticleFile.parse(ArticleFile.render(draft), fallbackSlug: "x") == draft)
    }

    @Test("every imported seed guide survives the round trip")
    func seedRoundTrip() throws {
        for guide in try SeedFixture.guides() {
            #expect(try ArticleFile.parse(ArticleFile.render(guide), fallbackSlug: "x") == guide, "\(guide.slug)")
        }
    }

    @Test("a file without slug takes the fallback slug; absent lists and summary are empty")
    func defaults() throws {
        let draft = try ArticleFile.parse(
            Self.file(["language: fr", "kind: video", "title: Bienvenue", "category: products-sites"]), fallbackSlug: "bienvenue")
        #expect(draft == ArticleDraft(slug: "bienvenue", language: "fr", kind: .video, title: "Bienvenue", summary: "",
                                      body: "Texto.\n", category: "products-sites"))
    }

    @Test("Windows line endings are read like Unix ones")
    func crlf() throws {
        let text = Self.file(Self.validLines).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try ArticleFile.parse(text, fallbackSlug: "x").title == "Mi cuenta")
    }

    @Test("each problem is a typed error naming its field", arguments: [
        ("Texto sin cabecera.\n", ArticleFileError.missingFrontMatter, "front-matter"),
        ("---\ntitle: Sin cierre\n", .unterminatedFrontMatter, "front-matter"),
        (file(["- solo", "- una lista"]), .frontMatterNotAMapping, "front-matter"),
        (file(replacing("title", with: nil)), .missingField("title"), "title"),
        (file(replacing("title", with: "title: \"  \"")), .missingField("title"), "title"),
        (file(replacing("title", with: "title:")), .missingField("title"), "title"),
        (file(replacing("kind", with: nil)), .missingField("kind"), "kind"),
        (file(replacing("kind", with: "kind: tutorial")), .unknownKind("tutorial"), "kind"),
        (file(replacing("language", with: nil)), .missingField("language"), "language"),
        (file(replacing("language", with: "language: pt")), .unsupportedLanguage("pt"), "language"),
        (file(replacing("category", with: nil)), .missingField("category"), "category"),
        (file(replacing("category", with: "category: Cuenta y seguridad")),
         .invalidSlug(field: "category", value: "Cuenta y seguridad"), "category"),
        (file(replacing("slug", with: "slug: Mi_Cuenta")), .invalidSlug(field: "slug", value: "Mi_Cuenta"), "slug"),
        (file(replacing("related", with: "related: [buena, Mala Ruta]")),
         .invalidSlug(field: "related", value: "Mala Ruta"), "related"),
        (file(replacing("contexts", with: "contexts: [\"api tokens\"]")),
         .invalidSlug(field: "contexts", value: "api tokens"), "contexts"),
        (file(replacing("tags", with: "tags: cuenta")), .wrongType(field: "tags", expected: "list"), "tags"),
        (file(replacing("tags", with: "tags: [cuenta, \"\"]")), .emptyEntry(field: "tags"), "tags"),
        (file(replacing("tags", with: "tags: [[anidada]]")), .wrongType(field: "tags", expected: "list of texts"), "tags"),
        (file(replacing("title", with: "title: [una, lista]")), .wrongType(field: "title", expected: "text"), "title"),
        (file(replacing("title", with: "title: " + String(repeating: "t", count: 201))),
         .tooLong(field: "title", limit: 200), "title"),
        (file(replacing("summary", with: "summary: " + String(repeating: "s", count: 501))),
         .tooLong(field: "summary", limit: 500), "summary"),
        (file(validLines + ["tittle: Errata"]), .unknownField("tittle"), "tittle"),
        (file(validLines + ["title: Otra vez"]), .duplicateField("title"), "title"),
    ])
    func errors(text: String, error: ArticleFileError, field: String) {
        #expect(throws: error) { try ArticleFile.parse(text, fallbackSlug: "respaldo") }
        #expect(error.field == field)
        #expect(error.description.hasPrefix(field + ": "))
    }

    @Test("search keywords: at most 40, each at most 80 characters, no blank one; an article without them has none")
    func keywords() throws {
        func parse(_ keywords: String) throws(ArticleFileError) -> ArticleDraft {
            try ArticleFile.parse(Self.file(Self.validLines + ["keywords: " + keywords]), fallbackSlug: "x")
        }
        #expect(try parse("[clave, clave de acceso]").keywords == ["clave", "clave de acceso"])
        #expect(try ArticleFile.parse(Self.file(Self.validLines), fallbackSlug: "x").keywords.isEmpty)
        let forty = (1...40).map { "palabra\($0)" }
        #expect(try parse("[" + forty.joined(separator: ", ") + "]").keywords == forty)
        #expect(throws: ArticleFileError.tooMany(field: "keywords", limit: 40)) { try parse("[" + (forty + ["una más"]).joined(separator: ", ") + "]") }
        #expect(try parse("[" + String(repeating: "a", count: 80) + "]").keywords.count == 1)
        #expect(throws: ArticleFileError.tooLong(field: "keywords", limit: 80)) { try parse("[" + String(repeating: "a", count: 81) + "]") }
        #expect(throws: ArticleFileError.emptyEntry(field: "keywords")) { try parse("[clave, \"  \"]") }
        #expect(throws: ArticleFileError.wrongType(field: "keywords", expected: "list")) { try parse("clave") }
        #expect(!ArticleFile.render(ArticleDraft(slug: "a", language: "es", kind: .faq, title: "T", summary: "", body: "B", category: "c"))
            .contains("keywords"), "a file without keywords is written without the key, as it was before keywords existed")
    }

    @Test("changes an editor saved before search keywords existed still read, with none")
    func draftWithoutKeywordsDecodes() throws {
        let saved = #"{"slug":"a","language":"es","kind":"faq","title":"T","summary":"S","body":"B","category":"c","tags":["x"],"related":[],"contexts":[]}"#
        let draft = try JSONDecoder().decode(ArticleDraft.self, from: Data(saved.utf8))
        #expect(draft.keywords.isEmpty && draft.tags == ["x"])
        #expect(try JSONDecoder().decode(ArticleDraft.self, from: JSONEncoder().encode(Self.sample)) == Self.sample)
    }

    @Test("limits are inclusive: a 200-character title and a 500-character summary are fine")
    func limitsInclusive() throws {
        let text = Self.file(Self.replacing("title", with: "title: " + String(repeating: "t", count: 200))
            .map { $0.hasPrefix("summary:") ? "summary: " + String(repeating: "s", count: 500) : $0 })
        #expect(try ArticleFile.parse(text, fallbackSlug: "x").title.count == 200)
    }

    @Test("malformed YAML is reported with its line in the file")
    func malformedYAML() throws {
        let text = "---\nslug: cuenta\ntitle: \"sin cerrar\nkind: faq\n---\nTexto.\n"
        do {
            _ = try ArticleFile.parse(text, fallbackSlug: "x")
            Issue.record("malformed YAML was accepted")
        } catch {
            guard case .malformedYAML(let line, let problem) = error else {
                Issue.record("expected malformedYAML, got \(error)")
                return
            }
            #expect(line.map { (3...5).contains($0) } == true, "the broken quote opens on line 3, got \(String(describing: line))")
            #expect(!problem.isEmpty)
            #expect(error.field == "front-matter")
        }
    }

    @Test("an indentation error points at the offending line")
    func badIndentation() throws {
        let text = "---\nslug: cuenta\nlanguage: es\n  kind: faq\n---\n"
        #expect {
            try ArticleFile.parse(text, fallbackSlug: "x")
        } throws: { error in
            guard let error = error as? ArticleFileError, case .malformedYAML(let line?, _) = error else { return false }
            return line == 4
        }
    }

    @Test("the body may have 256 KB of Markdown, counted in bytes of UTF-8, and not one byte more")
    func bodyLimit() throws {
        let atLimit = String(repeating: "a", count: ArticleFile.bodyByteLimit)
        #expect(try ArticleFile.parse(Self.file(Self.validLines, body: atLimit), fallbackSlug: "x").body == atLimit)
        let accented = String(repeating: "é", count: ArticleFile.bodyByteLimit / 2 + 1)  // fewer letters, more bytes
        #expect(throws: ArticleFileError.bodyTooLarge(bytes: ArticleFile.bodyByteLimit + 2, limit: ArticleFile.bodyByteLimit)) {
            try ArticleFile.parse(Self.file(Self.validLines, body: accented), fallbackSlug: "x")
        }
        #expect(ArticleFileError.bodyTooLarge(bytes: 300_000, limit: ArticleFile.bodyByteLimit).description
            == "body: 293 KB of Markdown; an article may have at most 256 KB")
    }

    @Test("an unclosed quote is reported at the line that opens it, not where YAML gave up")
    func unclosedQuoteLine() {
        let text = "---\nslug: cuenta\ntitle: \"sin cerrar\nkind: faq\nlanguage: es\n---\nTexto.\n"
        #expect(throws: ArticleFileError.self) { try ArticleFile.parse(text, fallbackSlug: "x") }
        do {
            _ = try ArticleFile.parse(text, fallbackSlug: "x")
        } catch {
            #expect(ArticleFileLines(text).line(of: error) == 3)
        }
    }

    @Test("problems found after parsing point at the line of their key, or of their text in the body")
    func lines() {
        let lines = ArticleFileLines(Self.file(Self.validLines, body: "Intro.\n\nSee [it](Console:Nowhere).\n"))
        #expect(lines.line(of: "language") == 3)
        #expect(lines.line(of: "contexts") == 10)
        #expect(lines.line(of: "body") == 12)
        #expect(lines.line(of: "missing-key") == 1, "a missing key is reported at the opening ---")
        #expect(lines.bodyLine(containing: "console:nowhere") == 14, "ignoring case, as links are read")
        #expect(ArticleFileLines("\u{FEFF}---\r\nslug: a\r\n---\r\nText\r\n").line(of: "body") == 4)
    }

    @Test("sizes read like people write them, rounded up so a size over a limit never reads as the limit", arguments: [
        (512, "512 bytes"), (256 * 1024, "256 KB"), (256 * 1024 + 1, "256.1 KB"), (20 * 1024 * 1024, "20 MB"), (20 * 1024 * 1024 + 1, "20.1 MB"),
    ])
    func byteSizes(bytes: Int, text: String) {
        #expect(ByteSize.text(bytes) == text)
    }
}
