import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Feeds Foundation's SAX parser events to a `CamtAssembler` and stops the parse at the first problem, noting
/// the parser's line and column (XMLParser's callbacks cannot throw).
final class CamtParserDelegate: NSObject, XMLParserDelegate {
    var assembler: CamtAssembler
    private let input: GuardedInputStream
    private(set) var failure: BankStatementError?

    init(assembler: CamtAssembler, input: GuardedInputStream) {
        self.assembler = assembler
        self.input = input
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        input.isInProlog = false
        do { try assembler.start(elementName, attributes: attributeDict) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        do { try assembler.end() } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        do { try assembler.characters(string) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil else { return }
        do { try assembler.characters(String(decoding: CDATABlock, as: UTF8.self)) } catch { stop(parser, error) }
    }

    /// Never supply an external entity, whatever the parser's settings.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }

    /// libxml2 runs in recovery mode under XMLParser and would carry on after an error: a bank file with any
    /// error is refused instead of half-read. Warnings leave the document well-formed and are passed over.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil, !XMLParserErrorText.warnings.contains((parseError as NSError).code) else { return }
        stop(parser, BankStatementError(.malformedXML(Self.message(parseError)), path: assembler.stack.isEmpty ? nil : assembler.path))
    }

    private func stop(_ parser: XMLParser, _ error: BankStatementError) {
        var located = error
        located.line = parser.lineNumber
        located.column = parser.columnNumber
        failure = located
        parser.abortParsing()
    }

    /// libxml2's message where FoundationXML passes it on (Darwin), else words for its error number.
    static func message(_ error: any Error) -> String {
        let error = error as NSError
        if let text = error.userInfo["NSXMLParserErrorMessage"] as? String, !text.isEmpty {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return XMLParserErrorText.text(for: error.code)
    }
}
