import Testing
import KontorDomain

/// The importer's rules on pages written for the test, so they are shown to be rules and not the seed's text.
@Suite("Seed import rules on other pages")
struct GuideImportRulesTests {
    @Test("a page is split at each 'Esta guía' lead, and what comes before the first one is dropped")
    func splitting() {
        let page = """
            Centro de ayuda
            Todo lo que necesita saber.
            Esta guía explica cómo crear un buzón para su dominio.
            Crear un buzón
            - Haga clic en Nuevo buzón.
            Esta guía explica qué es un registro DNS en su zona.
            Un registro DNS asocia un nombre a una dirección.
            """
        let guides = SeedGuideImporter.importGuides(from: page)
        #expect(guides.map(\.slug) == ["crear-un-buzon", "registro-dns"])
        #expect(guides.allSatisfy { !$0.body.contains("Centro de ayuda") })
        #expect(guides[0].summary == "Esta guía explica cómo crear un buzón para su dominio.")
    }

    @Test("the title is the lead's phrase cut before its complement, without a leading article", arguments: [
        ("Esta guía explica cómo renovar un dominio desde el Manager.", "Renovar un dominio"),
        ("Esta guía explica cómo exportar sus contactos, por ejemplo a un móvil.", "Exportar sus contactos"),
        ("Esta guía explica qué es un certificado SSL en su sitio.", "Certificado SSL"),
        ("Esta guía explica para qué sirve la opción \"Caché HTTP\" en su alojamiento y cómo activarla.", "Opción Caché HTTP"),
        ("Esta guía es para usted si ha olvidado la contraseña de su cuenta.", "Contraseña de su cuenta"),
        ("Esta guía explica cómo activar o desactivar la opción Backup Plus para sus sitios.", "Activar o desactivar Backup Plus"),
    ])
    func titleFromLead(summary: String, title: String) {
        let guides = SeedGuideImporter.importGuides(from: summary + "\nTexto del cuerpo.")
        #expect(guides.first?.title == title)
    }

    @Test("the heading right after the lead is the title when it names the same procedure or the defined thing")
    func titleFromHeading() {
        let sameVerb = SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo exportar un calendario para compartirlo.
            Exportar calendarios
            - Haga clic en Exportar.
            """)
        #expect(sameVerb.first?.title == "Exportar calendarios")
        #expect(sameVerb.first?.body == "1. Haga clic en Exportar.\n")

        let otherVerb = SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo exportar un calendario para compartirlo.
            Compartir con un enlace
            - Haga clic en Compartir.
            """)
        #expect(otherVerb.first?.title == "Exportar un calendario")
        #expect(otherVerb.first?.body.hasPrefix("## Compartir con un enlace\n") == true)
    }

    @Test("a procedure's instructions are numbered; a list of facts stays bullets")
    func proceduresAndFacts() throws {
        let guide = try #require(SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo cerrar su cuenta.
            Antes de empezar
            - Los datos se borran tras 30 días.
            - Las facturas se conservan.
            Cerrar la cuenta
            - Abra la página de perfil.
            - Pulse Cerrar la cuenta:
            - Confirme con su contraseña
            """).first)
        #expect(guide.body == """
            ## Antes de empezar

            - Los datos se borran tras 30 días.
            - Las facturas se conservan.

            ## Cerrar la cuenta

            1. Abra la página de perfil.
            2. Pulse Cerrar la cuenta.
            3. Confirme con su contraseña.

            """)
        #expect(guide.steps == 3)
    }

    @Test("a warning interrupts a procedure as a callout, and the numbering carries on after it")
    func warningInsideProcedure() throws {
        let guide = try #require(SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo vaciar la caché.
            - Abra el panel.
            - ⚠ Los visitantes verán el sitio más lento durante unos minutos.
            - Pulse Vaciar.
            """).first)
        #expect(guide.body == """
            1. Abra el panel.

            > [!WARNING]
            > Los visitantes verán el sitio más lento durante unos minutos.

            2. Pulse Vaciar.

            """)
        #expect(guide.warnings == 1)
        #expect(guide.steps == 2)
    }

    @Test("lines broken around a code value are rejoined and the value becomes inline code")
    func brokenCodeValue() throws {
        let guide = try #require(SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo nombrar una base de datos.
            - El nombre empieza siempre por "
            abc1_
            " seguido de su elección (p. ej. tienda - pruebas). - Cambie el nombre en "config.php" si hace falta.
            """).first)
        #expect(guide.body.contains("- El nombre empieza siempre por `abc1_` seguido de su elección (p. ej. tienda - pruebas).\n"))
        #expect(guide.body.contains("- Cambie el nombre en `config.php` si hace falta.\n"))
    }

    @Test("a line cut after an icon continues the step above it")
    func sentenceTail() throws {
        let guide = try #require(SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo borrar un alias.
            - Haga clic en el icono
            a la derecha del alias.
            - Confirme el borrado.
            """).first)
        #expect(guide.body == "1. Haga clic en el icono a la derecha del alias.\n2. Confirme el borrado.\n")
    }

    @Test("a heading followed directly by another opens a section whose sub-headings are level three")
    func headingLevels() throws {
        let guide = try #require(SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo trasladar un sitio a otro servidor.
            Mover un sitio
            Con el asistente
            - Abra el asistente.
            A mano
            - Copie los archivos.
            Después del traslado
            Compruebe el dominio.
            """).first)
        let headings = guide.body.components(separatedBy: "\n").filter { $0.hasPrefix("#") }
        #expect(headings == ["## Mover un sitio", "### Con el asistente", "### A mano", "### Después del traslado"])
    }

    @Test("slugs stay unique when two guides would get the same title")
    func uniqueSlugs() {
        let guides = SeedGuideImporter.importGuides(from: """
            Esta guía explica cómo crear un alias para un buzón.
            Texto.
            Esta guía explica cómo crear un alias en un dominio.
            Texto.
            """)
        #expect(guides.map(\.slug) == ["crear-un-alias", "crear-un-alias-2"])
    }

    @Test("a page without any guide lead yields nothing")
    func noGuides() {
        #expect(SeedGuideImporter.importGuides(from: "Base de conocimientos\nSolo un banner.").isEmpty)
        #expect(SeedGuideImporter.importGuides(from: "").isEmpty)
    }
}
