import Testing
@testable import KontorMarkdown

@Suite("Untrusted input is rendered safely")
struct SafetyTests {
    @Test("Raw <script> blocks and inline tags are not passed through", arguments: [
        "<script>alert(1)</script>",
        "Hola <script>alert(1)</script> mundo",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<img src=x onerror=alert(1)>",
        "texto <span onclick=\"alert(1)\">x</span>",
        "<div>\n\n**negrita**\n\n</div>",
    ])
    func rawHTML(markdown: String) {
        let output = html(markdown)
        #expect(!output.contains("<script"))
        #expect(!output.contains("<iframe"))
        #expect(!output.contains("<span"))
        #expect(!output.contains("<div"))
        #expect(!output.contains("onerror"))
        #expect(!output.contains("onclick"))
    }

    @Test("Raw HTML is replaced by a comment, so the article still shows where something was left out")
    func rawHTMLPlaceholder() {
        #expect(html("<script>alert(1)</script>") == "<!-- raw HTML omitted -->\n")
    }

    @Test("javascript:, vbscript: and data: link URLs are emptied", arguments: [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](&#106;avascript:alert(1))",
        "[clic](vbscript:msgbox)",
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
        "[clic][ref]\n\n[ref]: javascript:alert(1)",
    ])
    func dangerousLinks(markdown: String) {
        let output = html(markdown)
        #expect(output.contains("<a href=\"\">"))
        // The link text may still read "javascript:…" (as text, harmless); the href must not.
        #expect(!output.lowercased().contains("href=\"javascript"))
        #expect(!output.contains("href=\"vbscript"))
        #expect(!output.contains("href=\"data"))
    }

    @Test("Images with script URLs keep only their alt text", arguments: [
        "![captura](javascript:alert(1))", "![captura](data:text/html,x)", "![captura](vbscript:x)",
    ])
    func dangerousImages(markdown: String) {
        #expect(html(markdown) == "<p>captura</p>\n")
    }

    @Test("Quotes in URLs and titles cannot open a new attribute")
    func attributeInjection() {
        let output = html("![a](/i.png \"t\\\" onerror=\\\"alert(1)\") [b](/p \"x\\\" onclick=\\\"y\")")
        #expect(!output.contains("onerror=\""))
        #expect(!output.contains("onclick=\""))
        #expect(output.contains("title=\"t&quot; onerror=&quot;alert(1)\""))
        #expect(!html("![a](</i.png\" onerror=\"alert(1)>)").contains("onerror=\""))
    }

    @Test("Markup written as text is shown as text")
    func escapedText() {
        #expect(html("Use &lt;b&gt; o `<b>` y 5 < 6 & 7 > 3")
            == "<p>Use &lt;b&gt; o <code>&lt;b&gt;</code> y 5 &lt; 6 &amp; 7 &gt; 3</p>\n")
    }

    @Test("Deeply nested input does not crash the renderer")
    func deepNesting() {
        let quotes = String(repeating: ">", count: 5_000) + " hondo"
        #expect(render(quotes).plainText == "hondo")
        let emphasis = String(repeating: "*", count: 5_000) + "x" + String(repeating: "*", count: 5_000)
        #expect(render(emphasis).plainText.contains("x"))
    }

    @Test("Generated URL attributes only allow web, mail and phone schemes")
    func urlAllowList() {
        #expect(HTMLEscaping.attributeURL("/help/es/x?a=1&b='2'", for: .link) == "/help/es/x?a=1&amp;b=&#x27;2&#x27;")
        #expect(HTMLEscaping.attributeURL("mailto:soporte@kontor.example", for: .link) != nil)
        #expect(HTMLEscaping.attributeURL("mailto:soporte@kontor.example", for: .media) == nil)
        #expect(HTMLEscaping.attributeURL("JavaScript:alert(1)", for: .link) == nil)
        #expect(HTMLEscaping.attributeURL("java\tscript:alert(1)", for: .link) == "java%09script:alert(1)")
        #expect(HTMLEscaping.attributeURL("/a b\"c<d>", for: .media) == "/a%20b%22c%3Cd%3E")
    }
}
