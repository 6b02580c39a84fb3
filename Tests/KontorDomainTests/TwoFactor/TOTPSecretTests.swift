import Testing
import KontorDomain
import TestSupport

@Suite("Authenticator-app secrets")
struct TOTPSecretTests {
    @Test("a secret is 160 random bits, fresh at every draw")
    func generates() {
        var random = SeededRandom(seed: 160)
        let first = TOTPSecret.generate(using: &random)
        let second = TOTPSecret.generate(using: &random)
        #expect(first.count == 20)
        #expect(second.count == 20)
        #expect(first != second)
        #expect(Set(first).count > 10, "bytes are spread, not a constant")
    }

    @Test("the secret is shown in base32 groups of four for typing, and those groups decode back")
    func displaysInGroups() {
        let secret = Array("12345678901234567890".utf8)
        let shown = TOTPSecret.base32(secret)
        #expect(shown == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ")
        #expect(Base32.decode(shown) == secret)
    }
}
