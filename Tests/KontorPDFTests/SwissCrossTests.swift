import PDFReading
import Testing
import KontorPDF

/// The Swiss cross in the middle of the code, as a scanner's camera sees it at 300 dpi.
@Suite("The Swiss cross")
struct SwissCrossTests {
    @Test("a black square with a white cross and a white border sits in the centre of the 46 mm code")
    func crossInCentre() throws {
        let image = try Poppler.graymap(of: PDFRenderer.slip(Samples.slip()))
        let (x, y) = Poppler.swissCrossCentre

        // The centre of the cross and the ends of its arms are white.
        #expect(!image.isDark(xMM: x, yMM: y))
        #expect(!image.isDark(xMM: x + 1.6, yMM: y))
        #expect(!image.isDark(xMM: x, yMM: y - 1.6))
        // The square's corners, between the arms, are black.
        for (dx, dy) in [(-2.2, -2.2), (2.2, -2.2), (-2.2, 2.2), (2.2, 2.2)] {
            #expect(image.isDark(xMM: x + dx, yMM: y + dy))
        }
        // Around the 6 mm square runs a white border up to 7 mm.
        for (dx, dy) in [(-3.3, -3.3), (3.3, 0), (0, 3.3)] {
            #expect(!image.isDark(xMM: x + dx, yMM: y + dy))
        }
    }

    @Test("the code's finder patterns sit at the corners of the 46 mm square")
    func codeIs46Millimetres() throws {
        let image = try Poppler.graymap(of: PDFRenderer.slip(Samples.slip()))
        let (x, y) = Poppler.swissCrossCentre

        // Each finder pattern's outer ring starts at a corner: dark just inside, light just outside.
        for (cornerX, cornerY, inward) in [(x - 23, y - 23, 1.0), (x + 23, y - 23, -1.0)] {
            #expect(image.isDark(xMM: cornerX + inward * 0.2, yMM: cornerY + 0.2))
            #expect(!image.isDark(xMM: cornerX - inward * 0.3, yMM: cornerY + 0.2))
        }
        #expect(image.isDark(xMM: x - 22.8, yMM: y + 22.8))
        #expect(!image.isDark(xMM: x - 22.8, yMM: y + 23.3))
    }
}
