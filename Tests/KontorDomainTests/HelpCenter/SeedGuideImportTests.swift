import Testing
import KontorDomain

@Suite("Seed import: the page's ten guides")
struct SeedGuideImportTests {
    /// The slugs the team's labelled search queries already use, in page order.
    static let expectedSlugs = [
        "codigo-de-soporte-y-codigo-vip",
        "recordatorio-de-pago",
        "opcion-prefijo-mysql",
        "agregar-direcciones-de-facturacion",
        "activar-o-desactivar-renewal-warranty",
        "cambiar-de-organizacion-o-salir-de-ella",
        "desactivar-la-autenticacion-doble",
        "gestionar-las-newsletters",
        "modificar-la-oferta-ksuite",
        "modificar-el-correo-electronico-de-recuperacion",
    ]

    @Test("yields exactly ten guides, with the agreed slugs in page order")
    func tenGuides() throws {
        let guides = try SeedFixture.guides()
        #expect(guides.count == 10)
        #expect(guides.map(\.slug) == Self.expectedSlugs)
    }

    @Test("titles are derived from the lead sentence or the heading that names the guide")
    func titles() throws {
        #expect(try SeedFixture.guides().map(\.title) == [
            "Código de soporte y código VIP",
            "Recordatorio de pago",
            "Opción Prefijo MySQL",
            "Agregar direcciones de facturación",
            "Activar o desactivar Renewal Warranty",
            "Cambiar de organización o salir de ella",
            "Desactivar la autenticación doble",
            "Gestionar las newsletters",
            "Modificar la oferta kSuite",
            "Modificar el correo electrónico de recuperación",
        ])
    }

    @Test("each slug is the title's slug", arguments: 0..<10)
    func slugFollowsTitle(index: Int) throws {
        let guide = try SeedFixture.guides()[index]
        #expect(guide.slug == Slug.make(guide.title))
        #expect(Slug.isValid(guide.slug))
    }

    @Test("every guide is a Spanish guide whose summary is its 'Esta guía…' lead sentence")
    func summaries() throws {
        for guide in try SeedFixture.guides() {
            #expect(guide.language == "es")
            #expect(guide.kind == .guide)
            #expect(guide.summary.hasPrefix("Esta guía "), "\(guide.slug)")
            #expect(guide.summary.count > "Esta guía ".count + 20, "\(guide.slug)")
            #expect(!guide.body.contains("Esta guía "), "the next guide's lead leaked into \(guide.slug)")
        }
    }

    @Test("the site banner before the first guide is not an article and appears in no body")
    func bannerIsSkipped() throws {
        let guides = try SeedFixture.guides()
        #expect(guides.first?.slug == "codigo-de-soporte-y-codigo-vip")
        for guide in guides {
            #expect(!guide.title.contains("Base de conocimientos"))
            #expect(!guide.body.contains("Base de conocimientos"))
            #expect(!guide.body.contains("1000 FAQ"))
        }
    }

    @Test("a heading promoted to title is not repeated at the top of the body")
    func promotedHeadingLeavesBody() throws {
        let support = try SeedFixture.guide("codigo-de-soporte-y-codigo-vip")
        #expect(!support.body.contains("Código de soporte y código VIP"))
        #expect(support.body.hasPrefix("El code support permite"))
        let addresses = try SeedFixture.guide("agregar-direcciones-de-facturacion")
        #expect(addresses.body.hasPrefix("Para crear direcciones de facturación adicionales:"))
    }

    @Test("importing is deterministic")
    func deterministic() throws {
        let text = try SeedFixture.text()
        #expect(SeedGuideImporter.importGuides(from: text) == SeedGuideImporter.importGuides(from: text))
    }
}
