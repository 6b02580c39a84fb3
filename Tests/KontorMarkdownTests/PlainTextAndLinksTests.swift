import Testing
@testable import KontorMarkdown

@Suite("Plain text and link extraction")
struct PlainTextAndLinksTests {
    @Test("The search text leaves out the words of cross-references to other articles, resolved or not; other links keep theirs")
    func searchTextWithoutCrossReferences() {
        let markdown = "Solo los administradores ([quién puede hacer qué](article:organization-roles)) pueden abrir los [ajustes](console:settings) o [el sitio](https://kontor.example)."
        let resolver = LinkResolver(console: { "/console/\($0)" }, article: { "/help/es/\($0)" })
        for document in [MarkdownRenderer.render(markdown), MarkdownRenderer.render(markdown, links: resolver)] {
            #expect(document.plainText == "Solo los administradores (quién puede hacer qué) pueden abrir los ajustes o el sitio.")
            #expect(document.searchText == "Solo los administradores () pueden abrir los ajustes o el sitio.")
        }
    }

    @Test("Blocks are separated by newlines and markup characters are gone")
    func blocks() {
        let document = render("""
            # Migrar un **sitio**

            Primero, *copie* la `base de datos`.
            Luego continúe.

            - uno
            - [dos](https://kontor.example)

            > citado

            1. paso
            ---
            ```
            kontor migrate
            ```
            """)
        #expect(document.plainText == """
            Migrar un sitio
            Primero, copie la base de datos. Luego continúe.
            uno
            dos
            citado
            paso
            kontor migrate
            """)
    }

    @Test("Table cells are separated by tabs, rows by newlines")
    func table() {
        #expect(render("| Plan | Precio |\n|---|---|\n| Básico | 5 € |").plainText == "Plan\tPrecio\nBásico\t5 €")
    }

    @Test("Raw HTML, images and video players add no text; unresolved links keep theirs")
    func nonText() {
        let document = render("""
            <div>oculto</div>

            Texto ![captura](a.png) con <b>negrita</b> y [rota](console:nowhere).

            https://youtu.be/dQw4w9WgXcQ
            """)
        #expect(document.plainText == "Texto con negrita y rota.")
    }

    @Test("Hard line breaks become newlines")
    func hardBreaks() {
        #expect(render("línea uno  \nlínea dos").plainText == "línea uno\nlínea dos")
    }

    @Test("Every link destination is listed as written, in order, once")
    func links() {
        let document = render("""
            [a](https://kontor.example/a) [b](console:profile/security) [c](article:disable-2fa)
            [d](javascript:alert(1)) [a again](https://kontor.example/a) https://kontor.example/auto
            [ref][r]

            [r]: /help/es/ref
            """)
        #expect(document.links == [
            "https://kontor.example/a", "console:profile/security", "article:disable-2fa",
            "javascript:alert(1)", "https://kontor.example/auto", "/help/es/ref",
        ])
    }

    @Test("Image sources are listed separately from links")
    func images() {
        let document = render("![a](/img/a.png) [![b](/img/b.png)](https://kontor.example)")
        #expect(document.images == ["/img/a.png", "/img/b.png"])
        #expect(document.links == ["https://kontor.example"])
    }

    @Test("An empty article renders to nothing")
    func empty() {
        #expect(render("") == MarkdownDocument(html: "", headings: [], plainText: "", links: []))
    }
}
