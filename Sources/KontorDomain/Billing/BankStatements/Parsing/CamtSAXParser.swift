import CLibXML2
import Foundation

/// Drives a `CamtAssembler` from libxml2's SAX2 push parser, fed in 64 KB chunks from the guarded stream.
///
/// Why libxml2 directly and not Foundation's `XMLParser` (which is libxml2 underneath on Linux): its bridge turned
/// every name, attribute set and text run into Foundation objects and cost three quarters of the reading time
/// (~32,000 transactions per CPU-second against the 40,000 a second the import must reach). Why not a byte
/// scanner of our own: libxml2 already does all that XML allows in these files — namespaces and prefixes, entity
/// and character references, CDATA, comments, processing instructions, encodings and the BOM — and refuses what
/// is not well-formed, with a line and column; we only skip its object layer. Names and text reach Swift as bytes,
/// and only the few elements the reader keeps become `String`s.
final class CamtSAXParser {
    var assembler: CamtAssembler
    private let input: GuardedInputStream
    private(set) var failure: BankStatementError?
    /// libxml2's first error (not a warning), if the document is not well-formed.
    private(set) var malformed: (message: String, line: Int, column: Int, code: Int)?
    private var context: xmlParserCtxtPtr?
    /// The root's namespace, interned in the parser's dictionary (which lives as long as the context), so the
    /// common case — every element in it, libxml2 handing over the same interned name — is a pointer comparison.
    private var rootNamespace: UnsafePointer<xmlChar>?

    init(assembler: CamtAssembler, input: GuardedInputStream) {
        self.assembler = assembler
        self.input = input
    }

    /// libxml2's global set-up, once per process and before any thread parses (Swift runs this exactly once).
    private static let libraryReady: Void = xmlInitParser()

    /// Parses the whole stream; false when libxml2 or the assembler stopped it (see `failure` and `malformed`).
    func parse(chunkSize: Int = 1 << 16) -> Bool {
        _ = Self.libraryReady
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            CamtSAXParser.from(context).startElement(localName, prefix, uri, namespaceCount, namespaces, attributeCount, attributes)
        }
        handler.endElementNs = { context, _, _, _ in CamtSAXParser.from(context).endElement() }
        handler.characters = { context, bytes, count in CamtSAXParser.from(context).characters(bytes, count) }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        // camt files never declare a DTD, and a DTD is how entity expansion ("billion laughs") and external entities get
        // in. libxml2 calls this as the declaration starts, before any entity in it is read, in whatever encoding.
        handler.internalSubset = { context, _, _, _ in CamtSAXParser.from(context).refuseDoctype() }
        handler.externalSubset = handler.internalSubset
        handler.serror = { context, error in
            guard let context, let error else { return }
            Unmanaged<CamtSAXParser>.fromOpaque(context).takeUnretainedValue().error(error.pointee)
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        input.open()
        defer { input.close() }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var count = buffer.withUnsafeMutableBufferPointer { input.read($0.baseAddress!, maxLength: $0.count) }
        guard count >= 0 else { return false }
        let parsed: Bool = withExtendedLifetime(self) {
            // The first four bytes go to the constructor, which detects the encoding (and a byte order mark) from them.
            let head = min(count, 4)
            let created = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { xmlCreatePushParserCtxt(&handler, me, $0.baseAddress, Int32(head), nil) }
            }
            guard let context = created else { return false }
            self.context = context
            defer {
                self.context = nil
                xmlFreeParserCtxt(context)
            }
            // No network, no entity substitution (DTDs are refused before they reach the parser anyway).
            var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            // A UTF-8 byte order mark says how the bytes are written; an export that also declares `ISO-8859-1` (a
            // template's header kept) would otherwise be decoded twice over ("MÃ¼ller"). The mark wins, as XML 1.0's
            // appendix F has it and as libxml2 itself does from 2.11 on; Debian's 2.9 switches to the declaration.
            if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { options |= XML_PARSE_IGNORE_ENC.rawValue }
            xmlCtxtUseOptions(context, Int32(options))
            var offset = head
            while failure == nil, malformed == nil {
                finishing = count == 0
                let status = buffer.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        xmlParseChunk(context, $0.baseAddress! + offset, Int32(count - offset), count == 0 ? 1 : 0)
                    }
                }
                // The status repeats the last error number, warnings included: not-well-formed is what counts.
                if context.pointee.wellFormed == 0, malformed == nil, failure == nil { noteMalformed(code: Int(status), message: nil) }
                if count == 0 { break }
                count = buffer.withUnsafeMutableBufferPointer { input.read($0.baseAddress!, maxLength: $0.count) }
                offset = 0
                if count < 0 { return false }
            }
            return failure == nil && malformed == nil
        }
        return parsed
    }

    fileprivate static func from(_ context: UnsafeMutableRawPointer?) -> CamtSAXParser {
        Unmanaged<CamtSAXParser>.fromOpaque(context!).takeUnretainedValue()
    }

    private func startElement(_ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
                              _ namespaceCount: Int32, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                              _ attributeCount: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard failure == nil, let localName else { return }
        let local = String(cString: localName)
        // An element is the message's by its namespace, not by its prefix: a file may bind the message's namespace
        // to a prefix on inner elements only (`<Document xmlns="…" xmlns:c="…"><c:Ntry>`), and an element of another
        // namespace is not camt whatever its prefix. Those are named {namespace}name, which the assembler refuses
        // outside a supplementary data envelope. Elements in no namespace are taken as the message's, as before.
        let name: String
        if assembler.stack.isEmpty {
            name = prefix.map { String(cString: $0) + ":" + local } ?? local
            if let uri, let context { rootNamespace = xmlDictLookup(context.pointee.dict, uri, -1) }
        } else if let uri, xmlStrEqual(uri, rootNamespace) == 0 {
            name = "{" + String(cString: uri) + "}" + local
        } else {
            name = local
        }
        // Only the root's namespace declarations and a few attributes (`Amt@Ccy`) are read: build the table only then.
        var table: [String: String] = [:]
        if assembler.stack.isEmpty, let namespaces {
            for index in 0..<Int(namespaceCount) {
                let key = namespaces[2 * index].map { "xmlns:" + String(cString: $0) } ?? "xmlns"
                table[key] = namespaces[2 * index + 1].map { String(cString: $0) } ?? ""
            }
        }
        if attributeCount > 0, let attributes {
            for index in 0..<Int(attributeCount) {
                let base = 5 * index
                guard let name = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
                let key = attributes[base + 1].map { String(cString: $0) + ":" + String(cString: name) } ?? String(cString: name)
                var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                // Without entity substitution libxml2 hands a literal '&' in an attribute on as "&#38;"; every one of
                // them is such an '&', so this restores the value exactly.
                if value.utf8.contains(UInt8(ascii: "&")) { value = value.replacingOccurrences(of: "&#38;", with: "&") }
                table[key] = value
            }
        }
        do { try assembler.start(name, attributes: table) } catch { stop(error) }
    }

    /// Set when the document declares a DTD, which the reader refuses.
    private(set) var sawDoctype = false

    private func refuseDoctype() {
        sawDoctype = true
        if let context { xmlStopParser(context) }
    }

    private func endElement() {
        guard failure == nil else { return }
        do { try assembler.end() } catch { stop(error) }
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int32) {
        guard failure == nil, let bytes, count > 0 else { return }
        do { try assembler.characters(UnsafeBufferPointer(start: bytes, count: Int(count))) } catch { stop(error) }
    }

    /// libxml2 would carry on after some errors (namespace errors, in recovery): a bank file with any error is
    /// refused instead of half-read. Warnings leave the document well-formed and are passed over.
    private func error(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue, !XMLParserErrorText.warnings.contains(Int(error.code)),
              malformed == nil, failure == nil else { return }
        noteMalformed(code: Int(error.code), message: error.message.map { String(cString: $0) })
    }

    /// Set for the last call, which tells libxml2 the file has ended.
    private var finishing = false

    private func noteMalformed(code: Int, message: String?) {
        let (line, column) = position
        // An error at the very end of the file, once libxml2 is told it has ended, while elements are still open (libxml2
        // calls it "premature end", "extra content" or a tag mismatch, depending on where the cut fell) is a file that
        // ended too early: cut off in the download or the export. Reported as "premature end" (77).
        let atEnd = finishing && (context.map { Int(xmlByteConsumed($0)) } ?? 0) >= input.bytesRead
        let code = atEnd && !assembler.stack.isEmpty && code != 64 ? 77 : code
        let text = XMLParserErrorText.known(code) ?? message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? XMLParserErrorText.text(for: code)
        malformed = (text, line, column, code)
        if let context { xmlStopParser(context) }
    }

    private func stop(_ error: BankStatementError) {
        var located = error
        (located.line, located.column) = position
        failure = located
        if let context { xmlStopParser(context) }
    }

    /// Where the parser is, as XMLParser reported it (libxml2's SAX2 line and column).
    private var position: (Int, Int) {
        guard let context else { return (0, 0) }
        return (Int(xmlSAX2GetLineNumber(context)), Int(xmlSAX2GetColumnNumber(context)))
    }
}
