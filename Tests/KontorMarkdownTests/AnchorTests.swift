import Testing
@testable import KontorMarkdown

@Suite("Heading anchors and table of contents")
struct AnchorTests {
    @Test("Level 2 and 3 headings get an id and are listed in order")
    func tableOfContents() {
        let document = render("# Título\n\n## Requisitos\n\ntexto\n\n### Paso uno\n\n#### Detalle\n\n## Después")
        #expect(document.headings == [
            .init(level: 2, text: "Requisitos", anchor: "requisitos"),
            .init(level: 3, text: "Paso uno", anchor: "paso-uno"),
            .init(level: 2, text: "Después", anchor: "despues"),
        ])
        #expect(document.html.contains("<h2 id=\"requisitos\">Requisitos</h2>\n"))
        #expect(document.html.contains("<h3 id=\"paso-uno\">Paso uno</h3>\n"))
    }

    @Test("Spanish accents are folded: Prólogo → prologo")
    func accents() {
        #expect(render("## Prólogo").headings.first?.anchor == "prologo")
        #expect(Anchors.slug("Configuración de la cuenta") == "configuracion-de-la-cuenta")
        #expect(Anchors.slug("Año y señal") == "ano-y-senal")
    }

    @Test("Punctuation is dropped and separators become single hyphens")
    func punctuation() {
        #expect(Anchors.slug("¿Cómo activo 2FA?") == "como-activo-2fa")
        #expect(Anchors.slug("  Paso 1:  Crear  —  la cuenta ") == "paso-1-crear-la-cuenta")
        #expect(Anchors.slug("Node.js & \"npm\"") == "nodejs-npm")
        #expect(Anchors.slug("?!") == "section")
    }

    @Test("Repeated headings get -2, -3 … without colliding with a heading that already has that name")
    func duplicates() {
        let anchors = render("## Requisitos\n\n## Requisitos\n\n## Requisitos 2\n\n## Requisitos").headings.map(\.anchor)
        #expect(anchors == ["requisitos", "requisitos-2", "requisitos-2-2", "requisitos-3"])
    }

    @Test("Thousands of equal headings are numbered in order, each once, and a heading named like a number still keeps its own")
    func manyDuplicates() {
        var registry = Anchors.Registry()
        let anchors = (0..<5_000).map { _ in registry.anchor(for: "h") }
        #expect(anchors.first == "h" && anchors[1] == "h-2" && anchors.last == "h-5000")
        #expect(Set(anchors).count == anchors.count)
        #expect(registry.anchor(for: "h 5001") == "h-5001")
        #expect(registry.anchor(for: "h") == "h-5002", "h-5001 is the heading named so")
    }

    @Test("The TOC text is the heading without markup; the heading keeps its markup")
    func headingWithMarkup() {
        let document = render("## Use `kontor` y *no* [la web](https://kontor.example)")
        #expect(document.headings.first?.text == "Use kontor y no la web")
        #expect(document.headings.first?.anchor == "use-kontor-y-no-la-web")
        #expect(document.html.contains(
            "<h2 id=\"use-kontor-y-no-la-web\">Use <code>kontor</code> y <em>no</em> <a href=\"https://kontor.example\">la web</a></h2>"))
    }

    @Test("Headings inside blockquotes and lists are anchored too")
    func nestedHeadings() {
        #expect(render("> ## Dentro\n\n- ### En lista").headings.map(\.anchor) == ["dentro", "en-lista"])
    }

    @Test("Setext headings count the same as ATX headings")
    func setextHeadings() {
        #expect(render("Sección\n-------").headings == [.init(level: 2, text: "Sección", anchor: "seccion")])
    }
}
