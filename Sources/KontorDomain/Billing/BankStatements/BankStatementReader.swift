import Foundation

/// Reads ISO 20022 bank files (camt.053 statements and camt.054 notifications, versions .001.02 to .001.13)
/// as a stream: entries are handed over one at a time and never held together, so a file of any size reads in
/// the same small memory.
///
/// The message is recognised by the namespace of its `Document`; anything else is refused with an error that
/// names what was found. DTDs are refused and external entities never loaded.
///
/// A thrown error can come after earlier entries were handed over: the caller must treat any error as "import
/// nothing" (roll back its transaction). The header callback runs before the first entry, so an importer can
/// refuse a test file (`isTest`) before booking anything.
public enum BankStatementReader {
    /// Swiss banks keep their books in Zurich time; a bank elsewhere is given its own (`KONTOR_BANK_TIME_ZONE`).
    public static let swissTime = TimeZone(identifier: "Europe/Zurich")!

    /// Reads a file. `entry` is called once per `Ntry`, in file order; throwing from it stops the read.
    @discardableResult
    public static func read(
        from url: URL,
        limits: BankStatementLimits = .standard,
        bankTimeZone: TimeZone = swissTime,
        header: (BankStatementHeader) throws -> Void = { _ in },
        entry: (BankEntry) throws -> Void
    ) throws(BankStatementError) -> BankStatementSummary {
        guard url.isFileURL, FileManager.default.isReadableFile(atPath: url.path), let stream = InputStream(url: url) else {
            throw BankStatementError(.unreadable(url.path))
        }
        return try read(from: stream, limits: limits, bankTimeZone: bankTimeZone, header: header, entry: entry)
    }

    /// Reads an upload held in memory. It is still parsed in chunks, so libxml2 keeps no second copy.
    @discardableResult
    public static func read(
        from data: Data,
        limits: BankStatementLimits = .standard,
        bankTimeZone: TimeZone = swissTime,
        header: (BankStatementHeader) throws -> Void = { _ in },
        entry: (BankEntry) throws -> Void
    ) throws(BankStatementError) -> BankStatementSummary {
        try read(from: InputStream(data: data), limits: limits, bankTimeZone: bankTimeZone, header: header, entry: entry)
    }

    /// Reads from a stream that has not been opened yet (the reader opens and closes it).
    @discardableResult
    public static func read(
        from stream: InputStream,
        limits: BankStatementLimits = .standard,
        bankTimeZone: TimeZone = swissTime,
        header: (BankStatementHeader) throws -> Void = { _ in },
        entry: (BankEntry) throws -> Void
    ) throws(BankStatementError) -> BankStatementSummary {
        let outcome = withoutActuallyEscaping(header) { header in
            withoutActuallyEscaping(entry) { entry in
                Result { () throws(BankStatementError) -> BankStatementSummary in
                    try parse(stream, assembler: CamtAssembler(limits: limits, bankTimeZone: bankTimeZone, onHeader: header, onEntry: entry))
                }
            }
        }
        return try outcome.get()
    }

    /// The archive format these first bytes start, if any: ZIP (`PK\u{3}\u{4}`) or gzip (`1F 8B`).
    static func archive(_ leading: [UInt8]) -> String? {
        if leading.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "ZIP" }
        if leading.starts(with: [0x1F, 0x8B]) { return "gzip" }
        return nil
    }

    private static func parse(_ stream: InputStream, assembler: CamtAssembler) throws(BankStatementError) -> BankStatementSummary {
        let input = GuardedInputStream(stream)
        let parser = CamtSAXParser(assembler: assembler, input: input)
        let finished = parser.parse()

        if parser.sawDoctype { throw BankStatementError(.documentTypeDeclaration) }
        if input.foundAttributeFlood { throw BankStatementError(.attributeFlood) }
        if let reason = input.readFailure { throw BankStatementError(.unreadable(reason)) }
        if !input.hasContent { throw BankStatementError(.empty) }
        if let failure = parser.failure { throw failure }
        if let malformed = parser.malformed {
            // libxml2's XML_ERR_RESERVED_XML_NAME before the root: `<?xml …?>` after a blank line or spaces (an export
            // that writes one first), said as such, since "not well-formed" sends staff looking elsewhere. After the
            // root it is a second file pasted after the first: not well-formed, as said.
            if malformed.code == 64, !parser.assembler.sawRoot {
                throw BankStatementError(.xmlDeclarationNotFirst, line: malformed.line, column: malformed.column)
            }
            // Some banks deliver the statement zipped: said as such, not as broken XML.
            if !parser.assembler.sawRoot, let archive = Self.archive(input.leadingBytes) { throw BankStatementError(.compressed(archive)) }
            throw BankStatementError(.malformedXML(malformed.message, code: malformed.code),
                                     path: parser.assembler.stack.isEmpty ? nil : parser.assembler.path, line: malformed.line, column: malformed.column)
        }
        guard finished else { throw BankStatementError(.malformedXML("the parser stopped")) }
        // Input too short (under 4 bytes) to start on, or only a prolog.
        guard parser.assembler.sawRoot else { throw BankStatementError(.malformedXML("no root element")) }
        return try parser.assembler.summary()
    }
}
