@testable import KontorDomain
import Testing

@Suite("The name an uploaded statement is listed under: what staff can read, nothing that disguises it")
struct StatementFileNameTests {
    @Test("controls, bidi overrides and zero-width characters are dropped, a path keeps its last part, NFC, at most 200 characters, never empty",
          arguments: [
            ("camt054.xml", "camt054.xml"),
            ("a\nb.xml", "ab.xml"),
            ("invoice\u{202E}lmx.exe", "invoicelmx.exe"),
            ("zero\u{200B}width.xml", "zerowidth.xml"),
            ("C:\\fakepath\\camt053.xml", "camt053.xml"),
            ("../../etc/passwd", "passwd"),
            ("  \t ", "statement.xml"),
            ("", "statement.xml"),
            ("Ausz\u{0075}\u{0308}ge.xml", "Auszüge.xml"),
          ])
    func shown(_ raw: String, _ expected: String) {
        #expect(StatementFileName.shown(raw) == expected)
    }

    @Test("150 letters with a combining accent are 150 characters once composed; 5,000 are cut to 200")
    func length() {
        #expect(StatementFileName.shown(String(repeating: "e\u{0301}", count: 150)).unicodeScalars.count == 150)
        #expect(StatementFileName.shown(String(repeating: "x", count: 5_000)).count == 200)
    }
}
