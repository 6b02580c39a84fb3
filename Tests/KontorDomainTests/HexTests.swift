import Foundation
import KontorDomain
import Testing

@Suite("Hexadecimal as stored for token hashes and keys")
struct HexTests {
    @Test("two lower-case digits per byte, in order, leading zeros kept")
    func digits() {
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined(), "what the stored hashes were written with")
    }
}
