import Foundation

/// Turns a stream of XML events (start tag, text, end tag) into a header, entries and a summary.
///
/// It knows nothing of the XML parser, so any SAX source can drive it. It holds one entry at a time: the
/// memory it needs does not grow with the file.
struct CamtAssembler {
    /// An open element: what it is, its local name, and its position among same-named siblings.
    struct Frame {
        let element: CamtElement
        let name: String
        let index: Int
    }

    let limits: BankStatementLimits
    let onHeader: (BankStatementHeader) throws -> Void
    let onEntry: (BankEntry) throws -> Void

    private(set) var stack: [Frame] = []
    private(set) var sawRoot = false
    var format: BankStatementFormat?
    var header: BankStatementHeader?
    var headerFields: (messageID: String?, createdAt: String?, additionalInformation: String?, page: StatementPage.Draft) = (nil, nil, nil, .init())
    /// The group header's elements allowed once that it has been given (`ElementsGiven`).
    var headerGiven = ElementsGiven()
    var reports: [BankAccountReport] = []
    var report: ReportDraft?
    var entry: EntryDraft?
    var transaction: TransactionDraft?
    /// The charges record (`Chrgs/Rcrd`) being read.
    var chargeRecord: ChargeRecordDraft?
    /// `Ccy` of the `Amt` being read.
    var amountCurrency: String?
    var entryCount = 0
    var transactionCount = 0
    private var text = ""
    private var textBytes = 0

    /// Where the bank keeps its calendar: the day of a booking time given as an instant (`…Z`) is taken there.
    let bankTimeZone: TimeZone

    init(limits: BankStatementLimits, bankTimeZone: TimeZone = BankStatementReader.swissTime,
         onHeader: @escaping (BankStatementHeader) throws -> Void, onEntry: @escaping (BankEntry) throws -> Void) {
        self.limits = limits
        self.bankTimeZone = bankTimeZone
        self.onHeader = onHeader
        self.onEntry = onEntry
        stack.reserveCapacity(limits.maximumDepth)
    }

    /// An element starts. The root comes with its prefix (`camt:Document`), to find its namespace among the
    /// attributes; every other element by its local name when it is in the root's namespace (or in none), and as
    /// `{urn:other}Ntry` when it is in another: refused, unless inside a supplementary data envelope.
    mutating func start(_ qualifiedName: String, attributes: [String: String]) throws(BankStatementError) {
        guard stack.count < limits.maximumDepth else { throw failure(.nestingTooDeep(limit: limits.maximumDepth)) }
        let name = stack.isEmpty ? Self.localName(qualifiedName) : qualifiedName
        var element: CamtElement
        if name.hasPrefix("{"), let close = name.firstIndex(of: "}"), !stack.contains(where: { $0.name == "Envlp" }) {
            // The schemas let other namespaces in only inside `SplmtryData/Envlp`. Anywhere else such an element is not
            // valid, and reading past it would drop an entry or an amount without a word: the file is refused.
            throw failure(.foreignElement(name: String(name[name.index(after: close)...]),
                                          namespace: String(name[name.index(after: name.startIndex)..<close])))
        }
        if let parent = stack.last {
            element = parent.element.child(named: name)
            // A payment's own bank transaction code is read only where its booking states none (Swiss banks state the
            // booking's, and most repeat it in every payment): what it says is the booking's.
            if element == .bankCode, transaction != nil, entry?.bankCode.domain != nil { element = .other }
        } else {
            element = try root(named: name, qualifiedName: qualifiedName, attributes: attributes)
        }
        let index = try open(element, named: name, attributes: attributes)
        stack.append(Frame(element: element, name: name, index: index))
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        textBytes = 0
    }

    mutating func characters(_ string: String) throws(BankStatementError) {
        textBytes += string.utf8.count
        guard textBytes <= limits.maximumTextBytes else { throw failure(.textTooLong(limit: limits.maximumTextBytes)) }
        if stack.last?.element.keepsText == true { text += string }
    }

    /// The same from raw UTF-8 (libxml2's callback): text of elements the reader does not keep is only counted.
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) throws(BankStatementError) {
        textBytes += bytes.count
        guard textBytes <= limits.maximumTextBytes else { throw failure(.textTooLong(limit: limits.maximumTextBytes)) }
        if stack.last?.element.keepsText == true { text += String(decoding: bytes, as: UTF8.self) }
    }

    mutating func end() throws(BankStatementError) {
        guard let frame = stack.last else { return }
        if frame.element.keepsText {
            try close(frame.element, value: CamtValues.trimmed(text))
        } else if frame.element != .other {
            try close(frame.element, value: "")
        }
        stack.removeLast()
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        textBytes = 0
    }

    /// What the file held, once the parser has reached its end without error.
    func summary() throws(BankStatementError) -> BankStatementSummary {
        guard sawRoot else { throw BankStatementError(.empty) }
        guard let header else { throw BankStatementError(.missingGroupHeader, path: "Document") }
        return BankStatementSummary(header: header, reports: reports, entryCount: entryCount, transactionCount: transactionCount)
    }

    /// `Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[3]/Amt`: where the reader is, for error messages.
    var path: String {
        stack.map { $0.element.isRepeated ? "\($0.name)[\($0.index)]" : $0.name }.joined(separator: "/")
    }

    func failure(_ problem: BankStatementError.Problem) -> BankStatementError {
        BankStatementError(problem, path: stack.isEmpty ? nil : path)
    }

    /// The root must be `Document` in one of the four supported namespaces.
    private mutating func root(named name: String, qualifiedName: String, attributes: [String: String]) throws(BankStatementError) -> CamtElement {
        sawRoot = true
        guard name == "Document" else { throw BankStatementError(.notADocument(root: qualifiedName), path: qualifiedName) }
        let prefix = qualifiedName.count > name.count ? String(qualifiedName.dropLast(name.count + 1)) : ""
        let namespace = attributes[prefix.isEmpty ? "xmlns" : "xmlns:" + prefix]
        guard let namespace, let format = BankStatementFormat(namespace: namespace) else {
            throw BankStatementError(.unsupportedNamespace(namespace), path: name)
        }
        self.format = format
        return .document
    }

    /// Starts what an element opens and returns its position among its same-named siblings.
    private mutating func open(_ element: CamtElement, named name: String, attributes: [String: String]) throws(BankStatementError) -> Int {
        switch element {
        case .message:
            let expected = format?.kind.messageElement ?? name
            guard name == expected else { throw failure(.unexpectedElement(found: name, expected: expected)) }
        case .report:
            let expected = format?.kind.reportElement ?? name
            guard name == expected else { throw failure(.unexpectedElement(found: name, expected: expected)) }
            report = ReportDraft(position: reports.count + 1)
            return reports.count + 1
        case .entry:
            guard header != nil else { throw failure(.missingGroupHeader) }
            entry = EntryDraft()
            report?.entryCount += 1
            return report?.entryCount ?? 1
        case .transaction:
            let count = entry?.transactions.count ?? 0
            guard count < limits.maximumTransactionsPerEntry else {
                throw failure(.tooManyTransactions(limit: limits.maximumTransactionsPerEntry))
            }
            transaction = TransactionDraft(position: count + 1)
            return count + 1
        case .entryAmount, .transactionAmount, .transactionBookedAmount, .transactionInstructedAmount, .chargeAmount:
            amountCurrency = attributes["Ccy"]
        case .chargeRecord:
            chargeRecord = ChargeRecordDraft()
        default:
            break
        }
        return 1
    }

    /// `camt:Document` → `Document`: prefixes are the file's choice; the namespace is checked on the root.
    static func localName(_ qualifiedName: String) -> String {
        guard let colon = qualifiedName.utf8.firstIndex(of: UInt8(ascii: ":")) else { return qualifiedName }
        return String(qualifiedName[qualifiedName.index(after: colon)...])
    }
}
