import Foundation
import Testing
@testable import KontorMarkdown

@Suite("GitHub-flavoured Markdown constructs")
struct GFMConstructsTests {
    @Test("Paragraphs and emphasis render as HTML")
    func paragraphs() {
        #expect(html("Hola *mundo* y **todos**.\n\nSegundo párrafo.")
            == "<p>Hola <em>mundo</em> y <strong>todos</strong>.</p>\n<p>Segundo párrafo.</p>\n")
    }

    @Test("Numbered steps become an ordered list, keeping a start number other than 1")
    func numberedSteps() {
        let output = html("1. Abra el panel.\n2. Pulse **Guardar**.\n\n3. Confirme.")
        #expect(output.hasPrefix("<ol>\n<li>"))
        #expect(output.occurrences(of: "<li>") == 3)
        #expect(output.contains("Pulse <strong>Guardar</strong>."))
        #expect(html("4. Cuarto paso").contains("<ol start=\"4\">"))
    }

    @Test("Bullets become an unordered list")
    func bulletList() {
        #expect(html("- uno\n- dos") == "<ul>\n<li>uno</li>\n<li>dos</li>\n</ul>\n")
    }

    @Test("Pipe tables become tables with a header row")
    func table() {
        let output = html("| Plan | Precio |\n|------|-------:|\n| Básico | 5 € |\n")
        #expect(output.contains("<table>"))
        #expect(output.contains("<th>Plan</th>"))
        #expect(output.contains("<td>Básico</td>"))
        #expect(output.contains("<td align=\"right\">5 €</td>"))
    }

    @Test("A table sits in a box of its own that scrolls sideways and takes the keyboard's focus, so it never widens a phone's page")
    func tableInScrollBox() throws {
        let output = html("Antes.\n\n| Acción | Representante legal | Administrador |\n|---|---|---|\n| Invitar | sí | sí |\n\nDespués.")
        let box = try #require(output.range(of: "<div class=\"table-wrap\" tabindex=\"0\">"))
        let table = try #require(output.range(of: "<table>")), end = try #require(output.range(of: "</table>"))
        let close = try #require(output.range(of: "</div>", range: end.upperBound..<output.endIndex))
        let before = output[box.upperBound..<table.lowerBound], after = output[end.upperBound..<close.lowerBound]
        #expect(before.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "the box opens right before the table")
        #expect(after.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "and closes right after it")
        #expect(output.hasPrefix("<p>Antes.</p>") && output.contains("<p>Después.</p>"))
        #expect(html("| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |").components(separatedBy: "class=\"table-wrap\"").count == 3)
    }

    @Test("Double tildes strike through; a single tilde in prose does not")
    func strikethrough() {
        #expect(html("~~antiguo~~ nuevo") == "<p><del>antiguo</del> nuevo</p>\n")
        #expect(!html("tarda ~5 min o ~10 min").contains("<del>"))
    }

    @Test("Task lists render disabled checkboxes")
    func taskList() {
        let output = html("- [x] Crear la cuenta\n- [ ] Activar 2FA")
        #expect(output.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> Crear la cuenta"))
        #expect(output.contains("<input type=\"checkbox\" disabled=\"\" /> Activar 2FA"))
    }

    @Test("Bare URLs and www. addresses become links")
    func autolinks() {
        #expect(html("Visite https://kontor.example/estado hoy.")
            .contains("<a href=\"https://kontor.example/estado\">https://kontor.example/estado</a>"))
        #expect(html("o www.kontor.example").contains("<a href=\"http://www.kontor.example\">www.kontor.example</a>"))
    }

    @Test("Inline code and fenced code blocks keep their content escaped")
    func code() {
        #expect(html("Ejecute `kontor <deploy>`.") == "<p>Ejecute <code>kontor &lt;deploy&gt;</code>.</p>\n")
        #expect(html("```sh\nkontor login\n```") == "<pre><code class=\"language-sh\">kontor login\n</code></pre>\n")
    }

    @Test("A blockquote without a callout marker stays a blockquote")
    func blockquote() {
        #expect(html("> Citado.") == "<blockquote>\n<p>Citado.</p>\n</blockquote>\n")
    }

    @Test("Images load lazily and keep alt text and title")
    func lazyImages() {
        #expect(html("![Panel de control](/img/panel.png \"El panel\")")
            == "<p><img src=\"/img/panel.png\" alt=\"Panel de control\" title=\"El panel\" loading=\"lazy\" /></p>\n")
        #expect(html("Mire ![icono](https://cdn.example/i.svg) aquí").contains("loading=\"lazy\""))
    }

    @Test("Image alt text is plain text, even when the alt contains emphasis or quotes")
    func imageAlt() {
        #expect(html("![El *nuevo* \"panel\"](a.png)").contains("alt=\"El nuevo &quot;panel&quot;\""))
    }

    @Test("Level 1 and level 4+ headings render without anchors")
    func otherHeadings() {
        #expect(html("# Título") == "<h1>Título</h1>\n")
        #expect(html("#### Detalle") == "<h4>Detalle</h4>\n")
    }
}
