import Testing
@testable import KontorSearch

@Suite("Highlighting and snippets")
struct SnippetTests {
    static let filler = String(repeating: "Este párrafo habla de otras cosas sin relación. ", count: 8)

    let index = SearchIndex(documents: [
        article(
            "password", title: "Cómo cambiar tu Contraseña",
            summary: "Todo sobre el acceso al panel.",
            body: "\(filler)Si olvidaste tus contraseñas, pide un enlace de recuperación y elige una contraseña nueva. \(filler)"),
        article("html", title: "Etiquetas <b>HTML</b> & contraseña", body: "Escribe <script>contraseña</script> & listo."),
        article("short", title: "Acceso", summary: "Cómo entrar en el panel de control.", body: "Usa tu correo."),
    ])

    @Test("Title parts mark matched words and keep the original text")
    func titleParts() throws {
        let hit = try #require(index.search("contrasena", language: .es).hits.first { $0.id == "password" })
        #expect(hit.titleParts.matchedTexts == ["Contraseña"])
        #expect(hit.titleParts.joined == "Cómo cambiar tu Contraseña")
    }

    @Test("Every form of a matched stem is highlighted, with its accents and case")
    func stemmedFormsAreHighlighted() throws {
        let hit = try #require(index.search("contraseña olvidada", language: .es).hits.first { $0.id == "password" })
        #expect(hit.snippet.matchedTexts.contains("contraseñas"))
        #expect(hit.snippet.matchedTexts.contains("contraseña"))
        #expect(hit.snippet.matchedTexts.contains("olvidaste"))
    }

    @Test("The snippet is a window around the densest cluster of matches")
    func snippetWindow() throws {
        let hit = try #require(index.search("contraseña recuperación", language: .es).hits.first { $0.id == "password" })
        let text = hit.snippet.joined
        #expect(text.contains("pide un enlace de recuperación"))
        #expect(text.hasPrefix("… "), "the window starts inside the body")
        #expect(text.hasSuffix(" …"), "and ends before the body does")
        #expect(text.utf8.count <= SnippetBuilder.length + 16)
        #expect(text.utf8.count >= SnippetBuilder.length - 40, "the window is filled with context around the matches")
    }

    @Test("Without a match in summary or body, the snippet is the summary's beginning")
    func snippetWithoutBodyMatch() throws {
        let hit = try #require(index.search("acceso", language: .es).hits.first { $0.id == "short" })
        #expect(hit.snippet.joined.hasPrefix("Cómo entrar"))
        #expect(hit.snippet.matchedTexts.isEmpty)
        #expect(hit.titleParts.matchedTexts == ["Acceso"])
    }

    @Test("Parts are plain text: markup in articles is returned as is, for the app to escape")
    func partsAreNeverHTML() throws {
        let hit = try #require(index.search("contraseña", language: .es).hits.first { $0.id == "html" })
        #expect(hit.titleParts.joined == "Etiquetas <b>HTML</b> & contraseña")
        #expect(hit.snippet.joined == "Escribe <script>contraseña</script> & listo.")
        #expect(hit.snippet.matchedTexts == ["contraseña"])
    }

    @Test("Elided articles are not part of the highlighted word")
    func elisionHighlighting() throws {
        let index = SearchIndex(documents: [article("fr", .fr, title: "Changer l'adresse e-mail")])
        let hit = try #require(index.search("adresse", language: .fr).hits.first)
        #expect(hit.titleParts.matchedTexts == ["adresse"])
        #expect(hit.titleParts.joined == "Changer l'adresse e-mail")
    }
}
