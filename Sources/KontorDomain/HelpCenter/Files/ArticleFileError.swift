/// Why an article file could not be read; every case names the field it concerns (see `field`).
public enum ArticleFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not open with a `---` line.
    case missingFrontMatter
    /// The opening `---` is never closed by another `---` line.
    case unterminatedFrontMatter
    /// Yams could not read the front matter; `line` counts from the file's first line, when Yams gave one.
    case malformedYAML(line: Int?, problem: String)
    /// The front matter is YAML but not a set of `key: value` pairs.
    case frontMatterNotAMapping
    /// A required key is absent, null or blank.
    case missingField(String)
    /// A key the format does not define, most often a typo such as `tittle`.
    case unknownField(String)
    /// A key given twice.
    case duplicateField(String)
    /// A value of the wrong shape, e.g. a single string where a list belongs.
    case wrongType(field: String, expected: String)
    /// `kind` is none of `ArticleKind`'s values.
    case unknownKind(String)
    /// `language` is none of `Language`'s codes.
    case unsupportedLanguage(String)
    /// `status` is neither `draft` nor `published`.
    case unknownStatus(String)
    /// A text longer than the help center shows.
    case tooLong(field: String, limit: Int)
    /// A list with more entries than the help center takes.
    case tooMany(field: String, limit: Int)
    /// A slug (the article's, a category's, a related article's or a context's) outside `[a-z0-9-]{1,80}`.
    case invalidSlug(field: String, value: String)
    /// A list entry that is blank.
    case emptyEntry(field: String)
    /// The file has front matter but no text after it.
    case emptyBody
    /// The Markdown body is larger than `ArticleFile.bodyByteLimit` (sizes in bytes of UTF-8).
    case bodyTooLarge(bytes: Int, limit: Int)

    /// The front-matter key concerned; problems with the front matter as a whole name `front-matter`.
    public var field: String {
        switch self {
        case .missingFrontMatter, .unterminatedFrontMatter, .malformedYAML, .frontMatterNotAMapping: "front-matter"
        case .missingField(let field), .unknownField(let field), .duplicateField(let field): field
        case .wrongType(let field, _), .tooLong(let field, _), .tooMany(let field, _), .invalidSlug(let field, _), .emptyEntry(let field): field
        case .unknownKind: "kind"
        case .unsupportedLanguage: "language"
        case .unknownStatus: "status"
        case .bodyTooLarge, .emptyBody: "body"
        }
    }

    /// "field: problem", for editors fixing a file and for CI logs.
    public var description: String {
        switch self {
        case .missingFrontMatter: "\(field): the file must start with a --- line"
        case .unterminatedFrontMatter: "\(field): no closing --- line"
        case .malformedYAML(let line, let problem): "\(field): \(line.map { "line \($0): " } ?? "")\(problem)"
        case .frontMatterNotAMapping: "\(field): expected key: value pairs"
        case .missingField: "\(field): missing"
        case .unknownField: "\(field): unknown key"
        case .duplicateField: "\(field): given twice"
        case .wrongType(_, let expected): "\(field): expected \(expected)"
        case .unknownKind(let kind): "\(field): unknown kind \"\(kind)\" (faq, guide, video)"
        case .unsupportedLanguage(let code): "\(field): unsupported language \"\(code)\" (es, fr, en, de, it)"
        case .unknownStatus(let status): "\(field): unknown status \"\(status)\" (draft, published)"
        case .tooLong(_, let limit): "\(field): longer than \(limit) characters"
        case .tooMany(_, let limit): "\(field): more than \(limit) entries"
        case .invalidSlug(_, let value): "\(field): \"\(value)\" is not a slug ([a-z0-9-]{1,80})"
        case .emptyEntry: "\(field): blank entry"
        case .emptyBody: "\(field): empty; an article needs its text after the front matter"
        case .bodyTooLarge(let bytes, let limit): "\(field): \(ByteSize.text(bytes)) of Markdown; an article may have at most \(ByteSize.text(limit))"
        }
    }
}
