import Yams

/// The front matter's keys and values, read with Yams and checked one field at a time.
struct FrontMatterFields {
    private let values: [String: Node]

    /// Parses `yaml`; an empty front matter has no fields (and so fails on the first required one).
    init(yaml: String) throws(ArticleFileError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.translate(error)
        } catch {
            throw .malformedYAML(line: nil, problem: String(describing: error))
        }
        guard let root else { values = [:]; return }
        guard case .mapping(let mapping) = root else { throw .frontMatterNotAMapping }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw .frontMatterNotAMapping }
            guard ArticleFile.keys.contains(name) else { throw .unknownField(name) }
            guard values.updateValue(value, forKey: name) == nil else { throw .duplicateField(name) }
        }
        self.values = values
    }

    /// A scalar value as text, or nil when the key is absent or null.
    func text(_ field: String) throws(ArticleFileError) -> String? {
        guard let node = values[field], node.null == nil else { return nil }
        guard case .scalar(let scalar) = node else { throw .wrongType(field: field, expected: "text") }
        return scalar.string
    }

    /// A scalar value that must be present and not blank.
    func required(_ field: String) throws(ArticleFileError) -> String {
        guard let value = try text(field), !value.allSatisfy(\.isWhitespace) else { throw .missingField(field) }
        return value
    }

    /// A list of texts; absent or null is an empty list, blank entries are refused.
    func list(_ field: String) throws(ArticleFileError) -> [String] {
        guard let node = values[field], node.null == nil else { return [] }
        guard case .sequence(let sequence) = node else { throw .wrongType(field: field, expected: "list") }
        var entries: [String] = []
        for entry in sequence {
            guard case .scalar(let scalar) = entry else { throw .wrongType(field: field, expected: "list of texts") }
            guard !scalar.string.allSatisfy(\.isWhitespace) else { throw .emptyEntry(field: field) }
            entries.append(scalar.string)
        }
        return entries
    }

    /// The front matter for `draft`, keys in `ArticleFile.keys` order, ending with a newline.
    static func yaml(for draft: ArticleDraft) -> String {
        let encoder = YAMLEncoder()
        // Spanish stays readable (no \u escapes), summaries stay on one line, lists read `[a, b]` like hand-written ones.
        encoder.options = .init(width: -1, allowUnicode: true)
        encoder.options.sequenceStyle = .flow
        do {
            return try encoder.encode(Stored(draft))
        } catch {
            // Strings and lists of strings always have a YAML form; failing here is a Yams bug, not bad input.
            preconditionFailure("Yams could not encode article front matter: \(error)")
        }
    }

    /// Yams's message and, when it has one, the line in file numbering.
    private static func translate(_ error: YamlError) -> ArticleFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _):
            // A token that never ends (an unclosed quote or bracket) fails where the scanner gave up, often the closing
            // `---`; the line that opened it is the one to fix.
            return .malformedYAML(line: (context?.mark ?? mark).line + FrontMatterSplitter.yamlFirstLine - 1, problem: problem)
        case .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .malformedYAML(line: mark.line + FrontMatterSplitter.yamlFirstLine - 1, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            return .duplicateField(duplicates.first ?? "front-matter")
        default:
            return .malformedYAML(line: nil, problem: error.description)
        }
    }

    /// The stored keys, declared in the order they are written.
    private struct Stored: Encodable {
        let slug, language, kind, title, summary, category: String
        let tags: [String]
        /// Written only when there are any, so files without keywords stay as they were.
        let keywords: [String]?
        let related, contexts: [String]

        init(_ draft: ArticleDraft) {
            slug = draft.slug
            language = draft.language
            kind = draft.kind.rawValue
            title = draft.title
            summary = draft.summary
            category = draft.category
            tags = draft.tags
            keywords = draft.keywords.isEmpty ? nil : draft.keywords
            related = draft.related
            contexts = draft.contexts
        }
    }
}
