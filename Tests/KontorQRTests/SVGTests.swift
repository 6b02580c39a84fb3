import Foundation
import Testing
@testable import KontorQR

@Suite("SVG")
struct SVGTests {
    static let title = "Código QR para tu app de autenticación"

    @Test("The SVG is well-formed, with the expected root, title, background and path")
    func wellFormed() throws {
        let code = try QRCode(encoding: Sample.otpauth)
        let svg = code.svg(title: Self.title)
        let xml = try #require(ParsedXML.parse(svg), "not well-formed XML")

        let root = try #require(xml.elements.first)
        #expect(root.name == "svg" && root.depth == 0)
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["shape-rendering"] == "crispEdges")
        #expect(xml.elements.map(\.name) == ["svg", "title", "rect", "path"])
        #expect(xml.elements.dropFirst().allSatisfy { $0.depth == 1 })
        #expect(xml.titleText == Self.title)

        let background = try #require(xml.elements(named: "rect").first)
        #expect(background.attributes["fill"] == "#fff")
        #expect(xml.elements(named: "path").count == 1)
        #expect(xml.elements(named: "path").first?.attributes["fill"] == "#000")
    }

    @Test("viewBox, width and height are (size + 2 × quiet zone) × module size",
          arguments: [(6, 4), (1, 0), (3, 2), (10, 1)])
    func dimensions(moduleSize: Int, quietZone: Int) throws {
        let code = try QRCode(encoding: Sample.otpauth)
        let xml = try #require(ParsedXML.parse(code.svg(moduleSize: moduleSize, quietZone: quietZone, title: "QR")))
        let side = (code.size + 2 * quietZone) * moduleSize
        let root = try #require(xml.elements.first)
        #expect(root.attributes["viewBox"] == "0 0 \(side) \(side)")
        #expect(root.attributes["width"] == "\(side)")
        #expect(root.attributes["height"] == "\(side)")
        let background = try #require(xml.elements(named: "rect").first)
        #expect(background.attributes["width"] == "\(side)" && background.attributes["height"] == "\(side)")
    }

    @Test("The defaults are 6-pixel modules and a 4-module quiet zone")
    func defaults() throws {
        let code = try QRCode(encoding: Sample.hello)
        #expect(code.svg(title: "QR") == code.svg(moduleSize: 6, quietZone: 4, title: "QR"))
        #expect(code.svg(title: "QR").contains("viewBox=\"0 0 174 174\""))  // (21 + 8) × 6
    }

    @Test("Nonsensical sizes are clamped instead of drawing a broken image")
    func clamping() throws {
        let code = try QRCode(encoding: Sample.hello)
        #expect(code.svg(moduleSize: 0, quietZone: -3, title: "QR") == code.svg(moduleSize: 1, quietZone: 0, title: "QR"))
    }

    @Test("The rectangles cover exactly the dark modules",
          arguments: [(Sample.hello, 6, 4), (Sample.otpauth, 6, 4), (Sample.otpauth, 1, 0), (String(repeating: "w", count: 900), 3, 2)])
    func rectanglesCoverDarkModules(text: String, moduleSize: Int, quietZone: Int) throws {
        let code = try QRCode(encoding: text)
        let xml = try #require(ParsedXML.parse(code.svg(moduleSize: moduleSize, quietZone: quietZone, title: "QR")))
        let d = try #require(xml.elements(named: "path").first?.attributes["d"])
        let rectangles = try #require(PathRectangle.parse(d), "path has pieces other than rectangles")

        // The count the brief asks for: module widths of all rectangles add up to the dark modules.
        #expect(rectangles.map(\.width).reduce(0, +) == code.darkCount * moduleSize)

        // And the stronger check: painted cell by cell, with no overlap, they reproduce the grid.
        var painted = [Bool](repeating: false, count: code.size * code.size)
        for rectangle in rectangles {
            #expect(rectangle.height == moduleSize)
            #expect(rectangle.left % moduleSize == 0 && rectangle.top % moduleSize == 0 && rectangle.width % moduleSize == 0)
            let y = rectangle.top / moduleSize - quietZone
            let firstX = rectangle.left / moduleSize - quietZone
            for x in firstX..<(firstX + rectangle.width / moduleSize) {
                let index = try #require((0..<code.size).contains(x) && (0..<code.size).contains(y) ? y * code.size + x : nil,
                                         "rectangle outside the symbol")
                #expect(!painted[index], "module (\(x), \(y)) painted twice")
                painted[index] = true
            }
        }
        #expect(painted == code.modules)
    }

    @Test("Horizontal runs are merged: no two rectangles touch end to end")
    func runsAreMerged() throws {
        let code = try QRCode(encoding: Sample.otpauth)
        let xml = try #require(ParsedXML.parse(code.svg(title: "QR")))
        let rectangles = try #require(PathRectangle.parse(xml.elements(named: "path").first?.attributes["d"] ?? ""))
        let ends = Set(rectangles.map { [$0.left + $0.width, $0.top] })
        #expect(!rectangles.contains { ends.contains([$0.left, $0.top]) })
        // One rectangle per run means far fewer rectangles than dark modules.
        #expect(rectangles.count < code.darkCount)
    }

    @Test("The title is escaped for XML")
    func titleEscaped() throws {
        let code = try QRCode(encoding: Sample.hello)
        let title = "Ana & Bob <script>alert(\"x\")</script> 'Kontor'"
        let svg = code.svg(title: title)
        #expect(svg.contains("<title>Ana &amp; Bob &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &apos;Kontor&apos;</title>"))
        #expect(!svg.contains("<script>"))
        let xml = try #require(ParsedXML.parse(svg))
        #expect(xml.titleText == title)
        #expect(xml.elements.map(\.name) == ["svg", "title", "rect", "path"])
    }

    @Test("Control characters XML cannot carry are dropped from the title")
    func controlCharactersDropped() throws {
        let code = try QRCode(encoding: Sample.hello)
        let xml = try #require(ParsedXML.parse(code.svg(title: "Kon\u{1}tor\u{7}\u{1B}\tQR")))
        #expect(xml.titleText == "Kontor\tQR")
    }
}
