import KontorDomain
import Testing

@Suite("VIP codes and the staff look-up box")
struct VIPCodeTests {
    @Test("a VIP code is ten digits, never starting with 0, read in two groups of five")
    func format() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let code = VIPCode.generate(using: &random)
            #expect(code.value.count == 10 && code.value.first != "0")
            #expect(VIPCode(code.formatted) == code)
        }
    }

    @Test("the look-up box tells support codes from VIP codes and refuses anything else", arguments: [
        ("1234 5678", "support"), ("12345678", "support"), ("12345-67890", "vip"), ("1234567890", "vip"),
        ("123456789", "none"), ("12345678901", "none"), ("1234 567a", "none"), ("", "none"), ("١٢٣٤٥٦٧٨", "none"),
    ])
    func lookupBox(typed: String, kind: String) {
        switch SupportLookupCode(typed) {
        case .support: #expect(kind == "support")
        case .vip: #expect(kind == "vip")
        case nil: #expect(kind == "none")
        }
    }
}
