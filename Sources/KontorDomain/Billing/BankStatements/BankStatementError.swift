/// Why a bank file could not be read, and where: the parser's line and column and the element path
/// (`Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[3]/Amt`).
///
/// Entries before the failing one may already have been handed to the caller: an importer must treat any
/// error as "import nothing" and roll back what it wrote.
public struct BankStatementError: Error, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// The file could not be opened or read.
        case unreadable(String)
        /// No element at all: an empty file, or only whitespace.
        case empty
        /// Not well-formed XML, in libxml2's words (a file cut in the middle, HTML, binary data), with libxml2's error
        /// number when it gave one (`XMLParserErrorText.messageKind` tells staff what to do about the common ones).
        case malformedXML(String, code: Int? = nil)
        /// A ZIP or gzip archive (some banks deliver statements zipped): it must be unpacked first.
        case compressed(String)
        /// Thousands of attributes in one element, which no bank file has (`GuardedInputStream.maximumEqualsPerTag`).
        case attributeFlood
        /// Something (a blank line, spaces, a second byte-order mark) before `<?xml …?>`, which must come first.
        case xmlDeclarationNotFirst
        /// A `<!DOCTYPE …>`: bank files have none, and a DTD is how entity attacks come in.
        case documentTypeDeclaration
        /// The root is not `Document`.
        case notADocument(root: String)
        /// `Document` in another namespace (another camt message, another version) or in none.
        case unsupportedNamespace(String?)
        /// An element where the message needs another (`BkToCstmrStmt` in a camt.054 namespace).
        case unexpectedElement(found: String, expected: String)
        /// An element the message reads (an `Ntry`, an `Amt`) written in another namespace than the message's: not
        /// valid against the message's schema, and skipping it would drop what it says without a word.
        case foreignElement(name: String, namespace: String)
        /// An entry before the group header, or a file without one.
        case missingGroupHeader
        /// A required element (or attribute, `Amt@Ccy`) is absent.
        case missingElement(String)
        /// An element given once in the schema (`Amt`, `CdtDbtInd`) is given twice in one entry or payment.
        case repeatedElement(String)
        /// An amount that is not a plain decimal number.
        case invalidAmount(String)
        /// A value outside its code list or format (`CdtDbtInd` other than CRDT/DBIT, a date that is no date).
        case invalidValue(String)
        /// The text of one element exceeds the limit (UTF-8 bytes).
        case textTooLong(limit: Int)
        /// Elements nested deeper than the limit.
        case nestingTooDeep(limit: Int)
        /// More transaction details in one entry than the limit.
        case tooManyTransactions(limit: Int)
        /// The caller's entry or header callback threw (`underlyingError`).
        case stoppedByCaller
    }

    /// What is wrong.
    public let problem: Problem
    /// The element path at the problem, with positions of repeated elements (`Ntry[3]`).
    public internal(set) var path: String?
    /// The parser's line (1-based) at the problem; nil for problems found before or after parsing.
    public internal(set) var line: Int?
    /// The parser's column at the problem.
    public internal(set) var column: Int?
    /// What the caller threw, for `.stoppedByCaller`.
    public let underlyingError: (any Error)?

    public init(_ problem: Problem, path: String? = nil, line: Int? = nil, column: Int? = nil, underlyingError: (any Error)? = nil) {
        self.problem = problem
        self.path = path
        self.line = line
        self.column = column
        self.underlyingError = underlyingError
    }

    /// "line 12, column 9, Document/…/Ntry[3]: the entry has no Amt", for staff and logs.
    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let column { place.append("column \(column)") }
        if let path { place.append(path) }
        return place.isEmpty ? problemText : place.joined(separator: ", ") + ": " + problemText
    }

    var problemText: String {
        switch problem {
        case .unreadable(let reason): "the file cannot be read (\(reason))"
        case .empty: "the file is empty"
        case .malformedXML(let message, _): "not well-formed XML: \(message)"
        case .compressed(let format): "a \(format) archive, not an XML file: unpack it first"
        case .attributeFlood: "thousands of attributes packed together, which no bank file has"
        case .xmlDeclarationNotFirst: "text before the XML declaration (<?xml … ?> must be the first thing in the file)"
        case .documentTypeDeclaration: "a DOCTYPE declaration; bank files have none, and DTDs are refused"
        case .notADocument(let root): "the root element is <\(root)>, not an ISO 20022 <Document>"
        case .unsupportedNamespace(let namespace?):
            "unsupported message \(namespace); Kontor reads camt.053 and camt.054, versions .001.02 to .001.13"
        case .unsupportedNamespace(nil): "the Document has no namespace, so its message and version are unknown"
        case .unexpectedElement(let found, let expected): "<\(found)> where <\(expected)> belongs"
        case .foreignElement(let name, let namespace): "<\(name)> in the namespace \(namespace), not the message's"
        case .missingGroupHeader: "an entry before the group header (GrpHdr), or no group header at all"
        case .missingElement(let name): "\(name) is missing"
        case .repeatedElement(let name): "\(name) is given twice"
        case .invalidAmount(let text): "\"\(text)\" is not a decimal amount"
        case .invalidValue(let text): "\"\(text)\" is not a valid value here"
        case .textTooLong(let limit): "text longer than \(limit) bytes"
        case .nestingTooDeep(let limit): "elements nested deeper than \(limit) levels"
        case .tooManyTransactions(let limit): "more than \(limit) transaction details in one entry"
        case .stoppedByCaller: "stopped by the importer: \(underlyingError.map { "\($0)" } ?? "unknown error")"
        }
    }
}

extension BankStatementError {
    /// The catalog key of the sentence that says what is wrong, for staff in their language (`statement.problem.…`);
    /// `messageArguments` fills it in. libxml2's own English words stay out of it: the kind and the place say enough.
    public var messageKey: String {
        let kind = switch problem {
        case .unreadable: "unreadable"
        case .empty: "empty"
        case .malformedXML(_, let code): XMLParserErrorText.messageKind(for: code)
        case .compressed: "compressed"
        case .attributeFlood: "attribute_flood"
        case .xmlDeclarationNotFirst: "xml_declaration_not_first"
        case .documentTypeDeclaration: "doctype"
        case .notADocument: "not_a_document"
        case .unsupportedNamespace(.some): "unsupported_namespace"
        case .unsupportedNamespace(nil): "no_namespace"
        case .unexpectedElement: "unexpected_element"
        case .foreignElement: "foreign_element"
        case .missingGroupHeader: "missing_group_header"
        case .missingElement: "missing_element"
        case .repeatedElement: "repeated_element"
        // A decimal with more digits than a bank amount may have (ISO 20022: 18) is too large, not "not a decimal".
        case .invalidAmount(let text): CamtValues.isDecimal(text) ? "amount_too_large" : "invalid_amount"
        case .invalidValue: "invalid_value"
        case .textTooLong: "text_too_long"
        case .nestingTooDeep: "nesting_too_deep"
        case .tooManyTransactions: "too_many_transactions"
        case .stoppedByCaller: "stopped"
        }
        return "statement.problem." + kind
    }

    /// The values `messageKey`'s sentence names (what was found, the limit), cut to a readable length.
    public var messageArguments: [String: String] {
        func shown(_ text: String) -> String { text.count > 60 ? String(text.prefix(60)) + "…" : text }
        return switch problem {
        case .notADocument(let root): ["root": shown(root)]
        case .unsupportedNamespace(let namespace?): ["namespace": shown(namespace)]
        case .unexpectedElement(let found, let expected): ["found": shown(found), "expected": expected]
        case .foreignElement(let name, let namespace): ["name": name, "namespace": shown(namespace)]
        case .missingElement(let name), .repeatedElement(let name): ["name": name]
        case .compressed(let format): ["format": format]
        case .invalidAmount(let text), .invalidValue(let text): ["value": shown(text)]
        case .textTooLong(let limit), .nestingTooDeep(let limit), .tooManyTransactions(let limit): ["limit": String(limit)]
        default: [:]
        }
    }
}
