import Testing
import KontorDomain

@Suite("Seed import: recovered structure")
struct SeedGuideStructureTests {
    @Test("Renewal Warranty: four procedures as numbered steps under Activar/Desactivar and their two ways")
    func renewalWarrantyProcedures() throws {
        let guide = try SeedFixture.guide("activar-o-desactivar-renewal-warranty")
        for action in ["Activar", "Desactivar"] {
            let section = SeedFixture.section("## \(action) la opción Renewal Warranty", in: guide.body)
            #expect(!section.isEmpty, "no section for \(action)")
            let oneByOne = SeedFixture.section("### Uno a uno", in: section.joined(separator: "\n"))
            let all = SeedFixture.section("### Todos los productos a la vez", in: section.joined(separator: "\n"))
            #expect(SeedFixture.steps(oneByOne).count == 4, "\(action), uno a uno")
            #expect(SeedFixture.steps(all).count == 5, "\(action), todos los productos")
            #expect(SeedFixture.steps(oneByOne).first?.hasPrefix("Haga clic aquí") == true)
            #expect(SeedFixture.steps(oneByOne).contains("Seleccione \(action.lowercased()) la opción."))
            #expect(SeedFixture.steps(all).last == "Siga las instrucciones de la ventana emergente que se ha abierto.")
        }
        #expect(guide.steps == 18)
        // Each procedure is numbered from 1, so the four lists each start anew.
        #expect(guide.body.components(separatedBy: "\n").filter { $0.hasPrefix("1. ") }.count == 4)
    }

    @Test("Renewal Warranty: the prologue's facts stay bullets, not steps")
    func renewalWarrantyPrologue() throws {
        let guide = try SeedFixture.guide("activar-o-desactivar-renewal-warranty")
        let prologue = SeedFixture.section("## Prólogo", in: guide.body)
        #expect(prologue.filter { $0.hasPrefix("- ") }.count == 3)
        #expect(SeedFixture.steps(prologue).isEmpty)
    }

    @Test("MySQL prefix: the ⚠ item is a warning callout holding the two points it introduces")
    func mysqlWarning() throws {
        let guide = try SeedFixture.guide("opcion-prefijo-mysql")
        #expect(guide.warnings == 1)
        #expect(!guide.body.contains("⚠"))
        #expect(guide.body.contains("""
            > [!WARNING]
            > Si realiza una migración desde una antigua oferta Infomaniak:
            >
            > - Después de migrar un sitio desde la antigua consola
            """))
        #expect(guide.body.contains("> - Para asegurar el buen funcionamiento de sus sitios"))
    }

    @Test("MySQL prefix: the sentence broken around wxyz_ is one bullet again, with the prefix as code")
    func mysqlRejoinedSentence() throws {
        let guide = try SeedFixture.guide("opcion-prefijo-mysql")
        #expect(guide.body.contains(
            "- Cuando la opción \"Préfixe MySQL\" está activada para un sitio, ya no es necesario agregar el prefijo `wxyz_` antes del nombre y los usuarios de sus bases de datos MySQL.\n"
        ))
        // The second item had been glued onto the same line after the full stop.
        #expect(guide.body.contains("\n- Un script PHP podrá conectarse a MySQL con el usuario `monuser` y una base de datos `mabase`"))
        #expect(guide.body.contains("el usuario `wxyz_monuser` y la base de datos `wxyz_mabase`."))
        #expect(!guide.body.contains("\nwxyz_\n"))
        #expect(!guide.body.contains("\""  + "\n"))
    }

    @Test("MySQL prefix: before/after values are nested under what they change, as code, without stray labels")
    func mysqlBeforeAfter() throws {
        let guide = try SeedFixture.guide("opcion-prefijo-mysql")
        #expect(guide.body.contains("""
            - el nombre de la base de datos MySQL: deberá agregar el prefijo de su servidor:
              - antes: `mabase`
              - después: `wxyz_mabase`
            - el usuario de la base de datos MySQL: deberá agregar el prefijo de su servidor:
              - antes: `monuser`
              - después: `wxyz_monuser`
            """))
        #expect(guide.body.components(separatedBy: "antes:").count - 1 == 2, "the empty trailing 'antes:' labels are dropped")
    }

    @Test("MySQL prefix: the toggle procedure is seven numbered steps")
    func mysqlProcedure() throws {
        let guide = try SeedFixture.guide("opcion-prefijo-mysql")
        #expect(guide.steps == 7)
        #expect(guide.body.contains("4. Haga clic en la pestaña PHP / Apache.\n"))
        #expect(guide.body.contains("6. Haga clic en el botón Guardar.\n"), "a colon pointing at a lost screenshot becomes a full stop")
    }

    @Test("organizations: the three conditions for leaving stay a bullet list after their lead-in")
    func leavingConditions() throws {
        let guide = try SeedFixture.guide("cambiar-de-organizacion-o-salir-de-ella")
        #expect(guide.body.contains("""
            Un usuario puede salir por sí mismo de cualquier Organización siempre y cuando:

            - este usuario no pertenece a la kSuite de la Organización.
            - la dirección de conexión de este usuario no está en un Servicio de Correo de la Organización.
            - este usuario no es el último propietario de la Organización.
            """))
        #expect(guide.body.hasSuffix("este usuario no es el último propietario de la Organización.\n"))
    }

    @Test("organizations: a step broken by an icon and a step starting with 'y' are one step")
    func organizationLeaveSteps() throws {
        let guide = try SeedFixture.guide("cambiar-de-organizacion-o-salir-de-ella")
        let section = SeedFixture.section("## Gestion de las Organizaciones / Salir de una Organización", in: guide.body)
        #expect(SeedFixture.steps(section) == [
            "Haga clic aquí (o en la pastilla con sus iniciales/avatar en la esquina superior derecha del Manager Infomaniak) para \"Gestionar mi perfil\".",
            "Haga clic en Gestionar en el cuadro Mis Organizaciones.",
            "Haga clic en el icono todo a la derecha del nombre de la Organización para acceder a ella y sobre el icono de al lado para salir.",
        ])
        #expect(SeedFixture.steps(SeedFixture.section("## Mostrar otra Organización", in: guide.body)).count == 4)
    }

    @Test("2FA: 'En caso de problema' keeps its explanation and its six recovery steps")
    func twoFactorTrouble() throws {
        let guide = try SeedFixture.guide("desactivar-la-autenticacion-doble")
        let trouble = SeedFixture.section("## En caso de problema", in: guide.body)
        #expect(trouble.contains { $0.hasPrefix("Obviamente, el procedimiento anterior requiere") })
        let steps = SeedFixture.steps(trouble)
        #expect(steps.count == 6)
        #expect(steps.first == "Haga clic aquí para acceder a la página de inicio de sesión en el Manager Infomaniak.")
        #expect(steps[2].hasPrefix("Al solicitar la autenticación adicional, haga clic"))
        #expect(steps.last == "Siga el procedimiento hasta el final y espere.")
        #expect(SeedFixture.steps(SeedFixture.section("## Desactivar la 2FA", in: guide.body)).count == 3)
        #expect(guide.steps == 9)
    }

    @Test("headings are Markdown headings, never bullets or paragraphs", arguments: [
        ("recordatorio-de-pago", "## ¿Correo electrónico de recordatorio de Infomaniak?"),
        ("recordatorio-de-pago", "## Diferencia de cantidad / de divisa"),
        ("modificar-la-oferta-ksuite", "## Prólogo"),
        ("modificar-el-correo-electronico-de-recuperacion", "## Modificar el correo electrónico"),
    ])
    func headings(slug: String, heading: String) throws {
        let lines = try SeedFixture.guide(slug).body.components(separatedBy: "\n")
        #expect(lines.contains(heading))
    }

    @Test("guides without procedures have no numbered steps and no warnings")
    func plainGuides() throws {
        for slug in ["codigo-de-soporte-y-codigo-vip", "recordatorio-de-pago"] {
            let guide = try SeedFixture.guide(slug)
            #expect(guide.steps == 0, "\(slug)")
            #expect(guide.warnings == 0, "\(slug)")
        }
    }
}
