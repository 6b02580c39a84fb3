import Testing
@testable import KontorQR

/// Checks the fixed function patterns every QR code has, which shows the grid is read from
/// libqrencode the right way round (bit 0, row-major, not transposed).
@Suite("Symbol structure")
struct StructureTests {
    /// Versions 1, 6 and 19: one without alignment patterns, one with a single one, one with many and
    /// with version-information blocks beside the finders.
    static let texts = [Sample.hello, Sample.otpauth, String(repeating: "q", count: 600)]

    /// Whether the 7×7 finder pattern with its top-left module at (`left`, `top`) is there:
    /// dark border, light ring, dark 3×3 centre.
    static func hasFinder(_ code: QRCode, left: Int, top: Int) -> Bool {
        for dy in 0..<7 {
            for dx in 0..<7 {
                let ring = max(abs(dx - 3), abs(dy - 3))  // 3 = border, 2 = light ring, 0–1 = centre
                if code.isDark(x: left + dx, y: top + dy) != (ring != 2) { return false }
            }
        }
        return true
    }

    @Test("Finder patterns sit in the three corners", arguments: texts)
    func finderPatterns(text: String) throws {
        let code = try QRCode(encoding: text)
        let far = code.size - 7
        #expect(Self.hasFinder(code, left: 0, top: 0))
        #expect(Self.hasFinder(code, left: far, top: 0))
        #expect(Self.hasFinder(code, left: 0, top: far))
        #expect(!Self.hasFinder(code, left: far, top: far), "the bottom-right corner has no finder")
    }

    @Test("Each finder is separated by a light row and column", arguments: texts)
    func separators(text: String) throws {
        let code = try QRCode(encoding: text)
        let size = code.size
        for i in 0..<8 {
            // Top-left: row 7 and column 7. Top-right: row 7 and column size-8. Bottom-left: row size-8 and column 7.
            #expect(!code.isDark(x: i, y: 7) && !code.isDark(x: 7, y: i))
            #expect(!code.isDark(x: size - 1 - i, y: 7) && !code.isDark(x: size - 8, y: i))
            #expect(!code.isDark(x: i, y: size - 8) && !code.isDark(x: 7, y: size - 1 - i))
        }
    }

    @Test("Timing patterns alternate on row 6 and column 6 between the finders", arguments: texts)
    func timingPatterns(text: String) throws {
        let code = try QRCode(encoding: text)
        for i in 8...(code.size - 9) {
            #expect(code.isDark(x: i, y: 6) == i.isMultiple(of: 2), "row 6, column \(i)")
            #expect(code.isDark(x: 6, y: i) == i.isMultiple(of: 2), "column 6, row \(i)")
        }
    }

    @Test("The always-dark module is at column 8, row size − 8", arguments: texts)
    func darkModule(text: String) throws {
        let code = try QRCode(encoding: text)
        // Unlike the finders, this one is not symmetric about the diagonal: it catches a transposed grid.
        #expect(code.isDark(x: 8, y: code.size - 8))
    }

    @Test("Version 2 and up have an alignment pattern near the bottom-right corner")
    func alignmentPattern() throws {
        let code = try QRCode(encoding: Sample.otpauth)
        let centre = code.size - 7
        for dy in -2...2 {
            for dx in -2...2 {
                let ring = max(abs(dx), abs(dy))
                #expect(code.isDark(x: centre + dx, y: centre + dy) == (ring != 1))
            }
        }
    }

    @Test("Outside the symbol is light, as the quiet zone is")
    func outsideIsLight() throws {
        let code = try QRCode(encoding: Sample.hello)
        #expect(code.isDark(x: 0, y: 0))
        for (x, y) in [(-1, 0), (0, -1), (code.size, 0), (0, code.size), (-5, -5), (code.size + 3, code.size + 3)] {
            #expect(!code.isDark(x: x, y: y))
        }
    }

    @Test("isDark reads the row-major modules array")
    func isDarkMatchesModules() throws {
        let code = try QRCode(encoding: Sample.otpauth)
        for y in 0..<code.size {
            for x in 0..<code.size {
                #expect(code.isDark(x: x, y: y) == code.modules[y * code.size + x])
            }
        }
    }
}
