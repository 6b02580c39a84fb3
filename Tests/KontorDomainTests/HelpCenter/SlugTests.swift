import Testing
import KontorDomain

@Suite("Article slugs")
struct SlugTests {
    @Test("are lowercase ASCII words joined by hyphens, accents folded", arguments: [
        ("Código de soporte y código VIP", "codigo-de-soporte-y-codigo-vip"),
        ("Opción \"Prefijo MySQL\"", "opcion-prefijo-mysql"),
        ("  ¿Qué es la A2F?  ", "que-es-la-a2f"),
        ("Año nuevo: ¡Señales & Pingüinos!", "ano-nuevo-senales-pinguinos"),
        ("Gestion de las Organizaciones / Salir", "gestion-de-las-organizaciones-salir"),
    ])
    func make(text: String, slug: String) {
        #expect(Slug.make(text) == slug)
    }

    @Test("are cut at a word boundary so they stay within 60 characters")
    func length() {
        let slug = Slug.make("Modificar la dirección de correo electrónico que se utiliza para recuperar el acceso a su cuenta")
        #expect(slug == "modificar-la-direccion-de-correo-electronico-que-se-utiliza")
        #expect(slug.count <= Slug.preferredLength)
        #expect(Slug.make(String(repeating: "a", count: 70)).count == 60)
    }

    @Test("validation accepts [a-z0-9-]{1,80} only", arguments: [
        ("recordatorio-de-pago", true), ("2fa", true), ("", false), ("Mayúsculas", false), ("con espacio", false),
        ("acentuación", false), (String(repeating: "a", count: 80), true), (String(repeating: "a", count: 81), false),
    ])
    func validation(text: String, valid: Bool) {
        #expect(Slug.isValid(text) == valid)
    }
}
