import Testing
@testable import KontorMarkdown

@Suite("console: and article: links")
struct SpecialLinkTests {
    @Test("A known console: link becomes a console-link to the resolved path")
    func consoleResolved() {
        #expect(html("Vaya a [Seguridad](console:profile/security).")
            == "<p>Vaya a <a href=\"/profile/security\" class=\"console-link\">Seguridad</a>.</p>\n")
        #expect(html("[Seguridad](console:profile/security \"Abre la consola\")")
            .contains("<a href=\"/profile/security\" class=\"console-link\" title=\"Abre la consola\">"))
    }

    @Test("A known article: link becomes an ordinary link to the resolved article")
    func articleResolved() {
        #expect(html("Lea [cómo desactivar 2FA](article:disable-2fa).")
            == "<p>Lea <a href=\"/help/es/disable-2fa\">cómo desactivar 2FA</a>.</p>\n")
    }

    @Test("Unknown special links render as their text, without a link, and are still listed")
    func unresolved() {
        let document = render("Vea [la página](console:nowhere) y [el artículo **viejo**](article:gone).")
        #expect(document.html == "<p>Vea la página y el artículo <strong>viejo</strong>.</p>\n")
        #expect(document.links == ["console:nowhere", "article:gone"])
    }

    @Test("With LinkResolver.none nothing resolves")
    func noneResolver() {
        #expect(MarkdownRenderer.render("[S](console:profile/security) [A](article:disable-2fa)").html
            == "<p>S A</p>\n")
    }

    @Test("The resolver receives the part after the scheme; the scheme itself is case-insensitive")
    func resolverArgument() {
        // testLinks only knows "profile/security", so these resolve only if the scheme was stripped.
        #expect(html("[S](Console:profile/security)").contains("href=\"/profile/security\""))
        #expect(html("<console:profile/security>").contains(">console:profile/security</a>"))
        #expect(SpecialLinks.parse("ARTICLE:disable-2fa")?.target == "disable-2fa")
        #expect(SpecialLinks.parse("https://console.example") == nil)
    }

    @Test("A resolver answer with a script URL is refused rather than linked")
    func hostileResolution() {
        let links = LinkResolver(console: { _ in "javascript:alert(1)" }, article: { _ in "javascript:alert(1)" })
        let output = MarkdownRenderer.render("[a](console:x) [b](article:y)", links: links).html
        #expect(output == "<p>a b</p>\n")
    }

    @Test("A resolved path is escaped")
    func resolvedPathEscaped() {
        let links = LinkResolver(console: { _ in "/search?q=\"x\"&page=2" }, article: { _ in nil })
        #expect(MarkdownRenderer.render("[a](console:x)", links: links).html
            .contains("href=\"/search?q=%22x%22&amp;page=2\""))
    }

    @Test("Ordinary links are untouched")
    func ordinaryLinks() {
        #expect(html("[Estado](https://status.kontor.example) y [correo](mailto:soporte@kontor.example)")
            == "<p><a href=\"https://status.kontor.example\">Estado</a> y <a href=\"mailto:soporte@kontor.example\">correo</a></p>\n")
    }
}
