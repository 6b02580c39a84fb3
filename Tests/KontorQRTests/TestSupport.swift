import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import KontorQR

/// Texts the tests encode.
enum Sample {
    /// Five upper-case letters: alphanumeric mode, version 1 at every correction level.
    static let hello = "HELLO"

    /// An enrolment URI as Kontor builds it, exactly 100 characters long.
    ///
    /// At `.medium` it needs version 6: 100 bytes in 8-bit mode are 812 bits, over version 5-M's
    /// 688; even with the base32 secret switched to alphanumeric mode it stays above that.
    static let otpauth = "otpauth://totp/Kontor:a%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Kontor&digits=6"
}

extension QRCode {
    /// The QR version, from the side length (`17 + 4 × version`).
    var version: Int { (size - 17) / 4 }

    /// How many modules are dark.
    var darkCount: Int { modules.lazy.filter { $0 }.count }
}

/// What XMLParser saw in an SVG document.
final class ParsedXML: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var depth: Int
    }

    private(set) var elements: [Element] = []
    private(set) var titleText = ""
    private(set) var parseError: (any Error)?
    private var depth = 0
    private var inTitle = false

    /// Parses `xml`; returns nil if it is not well-formed.
    static func parse(_ xml: String) -> ParsedXML? {
        let result = ParsedXML()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = result
        return parser.parse() && result.parseError == nil ? result : nil
    }

    func elements(named name: String) -> [Element] { elements.filter { $0.name == name } }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(Element(name: elementName, attributes: attributeDict, depth: depth))
        depth += 1
        if elementName == "title" { inTitle = true }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
        if elementName == "title" { inTitle = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { titleText += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        self.parseError = parseError
    }
}

/// One rectangle of the SVG path, in pixels.
struct PathRectangle: Equatable {
    var left: Int
    var top: Int
    var width: Int
    var height: Int

    /// Reads a path made only of `M{left} {top}h{width}v{height}h-{width}z` pieces; nil if anything else is in it.
    static func parse(_ d: String) -> [PathRectangle]? {
        var rectangles: [PathRectangle] = []
        var consumed = 0
        for match in d.matches(of: /M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)z/) {
            guard let left = Int(match.1), let top = Int(match.2), let width = Int(match.3),
                let height = Int(match.4), Int(match.5) == width
            else { return nil }
            rectangles.append(PathRectangle(left: left, top: top, width: width, height: height))
            consumed += match.output.0.count
        }
        // Every character must belong to a rectangle, or the path holds something the test does not understand.
        return consumed == d.count ? rectangles : nil
    }
}
