import Testing
import KontorDomain

@Suite("Support codes and languages")
struct SupportCodeAndLanguageTests {
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
    }

    @Test("a support code is eight digits, never starting with 0, and is read in two groups")
    func supportCode() {
        var random = Seeded(state: 42)
        for _ in 0..<200 {
            let code = SupportCode.generate(using: &random)
            #expect(code.value.count == 8)
            #expect(code.value.first != "0")
        }
        #expect(SupportCode("1234 5678")?.formatted == "1234 5678")
        #expect(SupportCode("1234-567") == nil)
    }

    @Test("Accept-Language picks the best supported language by q-value")
    func acceptLanguage() {
        #expect(Language.preferred(acceptLanguage: "pt-BR, es;q=0.8, en;q=0.9") == .en)
        #expect(Language.preferred(acceptLanguage: "de-CH") == .de)
        #expect(Language.preferred(acceptLanguage: "ja, zh;q=0.5") == nil)
        #expect(Language.preferred(acceptLanguage: "fr;q=0, it;q=0.1") == .it)
    }
}
