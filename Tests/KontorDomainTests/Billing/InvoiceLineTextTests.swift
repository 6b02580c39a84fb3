@testable import KontorDomain
import Testing

@Suite("Invoice lines naming a product: the name gives way so the line always fits")
struct InvoiceLineTextTests {
    private func renewal(_ name: String) -> String { "Renovación de Alojamiento web Starter «\(name)», 12 meses, hasta el 31.12.2027" }

    @Test("a line that fits is left as it is")
    func fits() {
        #expect(InvoiceLineText.naming("panaderia.es", renewal) == renewal("panaderia.es"))
    }

    @Test("a name that would make the line too long is cut, just enough, and ends in an ellipsis", arguments: [130, 165, 200, 1_000])
    func cut(length: Int) {
        let name = String(repeating: "a", count: length)
        let line = InvoiceLineText.naming(name, renewal)
        #expect(line.count <= InvoiceLineText.maximumLength)
        if renewal(name).count > InvoiceLineText.maximumLength {
            #expect(line.count == InvoiceLineText.maximumLength && line.contains("a…»"), "\(line)")
        } else {
            #expect(line == renewal(name))
        }
    }

    @Test("no space is left before the ellipsis")
    func noSpaceBeforeEllipsis() {
        let name = String(repeating: "Web ", count: 60)
        #expect(!InvoiceLineText.naming(name, renewal).contains(" …"))
    }
}
