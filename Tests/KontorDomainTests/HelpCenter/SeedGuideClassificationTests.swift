import Testing
import KontorDomain

@Suite("Seed import: categories, contexts, tags and links")
struct SeedGuideClassificationTests {
    @Test("each guide lands in its help-center category", arguments: [
        ("codigo-de-soporte-y-codigo-vip", HelpCategory.accountSecurity),
        ("recordatorio-de-pago", .billingPayments),
        ("opcion-prefijo-mysql", .productsSites),
        ("agregar-direcciones-de-facturacion", .billingPayments),
        ("activar-o-desactivar-renewal-warranty", .billingPayments),
        ("cambiar-de-organizacion-o-salir-de-ella", .organizations),
        ("desactivar-la-autenticacion-doble", .accountSecurity),
        ("gestionar-las-newsletters", .accountSecurity),
        ("modificar-la-oferta-ksuite", .productsSites),
        ("modificar-el-correo-electronico-de-recuperacion", .accountSecurity),
    ])
    func category(slug: String, category: HelpCategory) throws {
        #expect(try SeedFixture.guide(slug).category == category.rawValue)
    }

    @Test("contextual help: each guide is offered on the console pages it explains", arguments: [
        ("codigo-de-soporte-y-codigo-vip", ["profile"]),
        ("recordatorio-de-pago", ["invoices"]),
        ("opcion-prefijo-mysql", ["products"]),
        ("agregar-direcciones-de-facturacion", ["invoices", "billing-addresses"]),
        ("activar-o-desactivar-renewal-warranty", ["renewals", "products"]),
        ("cambiar-de-organizacion-o-salir-de-ella", ["organizations"]),
        ("desactivar-la-autenticacion-doble", ["security"]),
        ("gestionar-las-newsletters", ["profile"]),
        ("modificar-la-oferta-ksuite", ["products"]),
        ("modificar-el-correo-electronico-de-recuperacion", ["security"]),
    ])
    func contexts(slug: String, contexts: [String]) throws {
        let found = try SeedFixture.guide(slug).contexts
        #expect(found == contexts, "offered on \(found)")
    }

    @Test("tags are a few lowercase words that name the guide's subject", arguments: [
        ("desactivar-la-autenticacion-doble", "2fa"),
        ("opcion-prefijo-mysql", "mysql"),
        ("agregar-direcciones-de-facturacion", "facturación"),
        ("recordatorio-de-pago", "pago"),
        ("activar-o-desactivar-renewal-warranty", "renewal warranty"),
        ("modificar-la-oferta-ksuite", "ksuite"),
        ("cambiar-de-organizacion-o-salir-de-ella", "organización"),
        ("gestionar-las-newsletters", "newsletter"),
        ("modificar-el-correo-electronico-de-recuperacion", "recuperación"),
        ("codigo-de-soporte-y-codigo-vip", "vip"),
    ])
    func tags(slug: String, tag: String) throws {
        #expect(try SeedFixture.guide(slug).tags.contains(tag))
    }

    @Test("every guide has one to five lowercase tags, none of them the publisher's name")
    func tagShape() throws {
        for guide in try SeedFixture.guides() {
            #expect((1...5).contains(guide.tags.count), "\(guide.slug): \(guide.tags)")
            #expect(guide.tags.allSatisfy { $0 == $0.lowercased() }, "\(guide.slug)")
            #expect(!guide.tags.contains("infomaniak"), "\(guide.slug)")
            #expect(!guide.tags.contains("manager"), "\(guide.slug)")
            #expect(Set(guide.tags).count == guide.tags.count, "\(guide.slug)")
        }
    }

    @Test("guides that belong together link to each other")
    func related() throws {
        let guides = try SeedFixture.guides()
        func related(_ slug: String) -> [String] { guides.first { $0.slug == slug }?.related ?? [] }
        #expect(related("desactivar-la-autenticacion-doble").contains("modificar-el-correo-electronico-de-recuperacion"))
        #expect(related("modificar-el-correo-electronico-de-recuperacion").contains("desactivar-la-autenticacion-doble"))
        #expect(related("agregar-direcciones-de-facturacion").contains("recordatorio-de-pago"))
        #expect(related("recordatorio-de-pago").contains("agregar-direcciones-de-facturacion"))
        #expect(!related("opcion-prefijo-mysql").contains("modificar-la-oferta-ksuite"), "sharing a category is not enough")
    }

    @Test("links point at guides that exist, never at the guide itself, and go both ways")
    func relatedIntegrity() throws {
        let guides = try SeedFixture.guides()
        let slugs = Set(guides.map(\.slug))
        for guide in guides {
            #expect(!guide.related.contains(guide.slug))
            for target in guide.related {
                #expect(slugs.contains(target))
                #expect(guides.first { $0.slug == target }?.related.contains(guide.slug) == true, "\(guide.slug) → \(target)")
            }
        }
    }
}
