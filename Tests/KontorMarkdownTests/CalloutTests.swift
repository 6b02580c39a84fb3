import Testing
@testable import KontorMarkdown

@Suite("Callouts: notes, tips and warnings")
struct CalloutTests {
    @Test("A GitHub alert blockquote becomes an aside without the marker", arguments: [
        ("NOTE", "callout-note"), ("TIP", "callout-tip"), ("WARNING", "callout-warning"),
    ])
    func githubAlerts(marker: String, cssClass: String) {
        #expect(html("> [!\(marker)]\n> Guarde la clave.")
            == "<aside class=\"callout \(cssClass)\" role=\"note\">\n<p>Guarde la clave.</p>\n</aside>\n")
    }

    @Test("Alert markers are case-insensitive and may share the line with text")
    func markerVariants() {
        #expect(html("> [!tip] Use el atajo.") == "<aside class=\"callout callout-tip\" role=\"note\">\n<p>Use el atajo.</p>\n</aside>\n")
    }

    @Test("A marker followed by a blank quoted line leaves no empty paragraph")
    func markerOnItsOwnParagraph() {
        #expect(html("> [!WARNING]\n>\n> Primero.\n>\n> Segundo.")
            == "<aside class=\"callout callout-warning\" role=\"note\">\n<p>Primero.</p>\n<p>Segundo.</p>\n</aside>\n")
    }

    @Test("GitHub's CAUTION and IMPORTANT map to warning and note")
    func otherGitHubMarkers() {
        #expect(html("> [!CAUTION]\n> x").contains("callout-warning"))
        #expect(html("> [!IMPORTANT]\n> x").contains("callout-note"))
    }

    @Test("Seed-style warning paragraph: ⚠ Si realiza una migración…")
    func warningSignParagraph() {
        let document = render("Antes de empezar.\n\n⚠ Si realiza una migración, los DNS tardan hasta 48 h.\n\nDespués.")
        #expect(document.html == """
            <p>Antes de empezar.</p>
            <aside class="callout callout-warning" role="note">
            <p>Si realiza una migración, los DNS tardan hasta 48 h.</p>
            </aside>
            <p>Después.</p>

            """)
        #expect(!document.plainText.contains("⚠"))
    }

    @Test("The emoji form ⚠️ and a bold ⚠ opening work as well")
    func warningSignVariants() {
        #expect(html("⚠️ Cuidado.") == "<aside class=\"callout callout-warning\" role=\"note\">\n<p>Cuidado.</p>\n</aside>\n")
        #expect(html("**⚠ Atención:** borra todo.")
            == "<aside class=\"callout callout-warning\" role=\"note\">\n<p><strong>Atención:</strong> borra todo.</p>\n</aside>\n")
        #expect(html("**⚠** borra todo.") == "<aside class=\"callout callout-warning\" role=\"note\">\n<p>borra todo.</p>\n</aside>\n")
    }

    @Test("A quoted ⚠ turns the whole blockquote into one warning")
    func quotedWarningSign() {
        #expect(html("> ⚠ Uno.\n>\n> Dos.")
            == "<aside class=\"callout callout-warning\" role=\"note\">\n<p>Uno.</p>\n<p>Dos.</p>\n</aside>\n")
    }

    @Test("A ⚠ paragraph inside a numbered step is boxed inside the step")
    func warningInsideStep() {
        let output = html("1. Pare el servicio.\n\n   ⚠ No lo borre.\n2. Siga.")
        #expect(output.contains("<li>\n<p>Pare el servicio.</p>\n<aside class=\"callout callout-warning\" role=\"note\">\n<p>No lo borre.</p>\n</aside>\n</li>"))
    }

    @Test("Not callouts: unknown markers, markers later in the text, ⚠ mid-sentence, markers in code")
    func nonCallouts() {
        #expect(html("> [!DANGER]\n> x") == "<blockquote>\n<p>[!DANGER]\nx</p>\n</blockquote>\n")
        #expect(!html("> Ver [!NOTE] abajo").contains("<aside"))
        #expect(html("Hay un ⚠ en el panel.") == "<p>Hay un ⚠ en el panel.</p>\n")
        #expect(html("    [!NOTE]\n    ⚠ x") == "<pre><code>[!NOTE]\n⚠ x\n</code></pre>\n")
        #expect(html("`⚠` es el icono") == "<p><code>⚠</code> es el icono</p>\n")
    }

    @Test("Plain text keeps the callout's words and drops the markers")
    func plainText() {
        #expect(render("> [!NOTE]\n> Guarde la clave.\n\n⚠️ Cuidado.").plainText == "Guarde la clave.\nCuidado.")
    }
}
