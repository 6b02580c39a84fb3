import Testing
import KontorDomain
import TestSupport

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    @Test("encodes the RFC 4648 §10 test vectors, without padding", arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ])
    func encodesVectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
    }

    @Test("decodes the RFC 4648 §10 test vectors, padded as in the RFC or not", arguments: [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ])
    func decodesVectors(plain: String, padded: String) {
        #expect(Base32.decode(padded) == Array(plain.utf8))
        let bare = String(padded.filter { $0 != "=" })
        #expect(Base32.decode(bare) == Array(plain.utf8))
    }

    @Test("decoding forgives lower case and spaces, as people copy secrets")
    func decodingIsForgiving() {
        #expect(Base32.decode("mzxw6ytboi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW 6YTB OI") == Array("foobar".utf8))
        #expect(Base32.decode(" mzxw6yq= ") == Array("foob".utf8))
    }

    @Test("decoding refuses what no encoder produces", arguments: [
        "MZXW6YQ1",  // 1 is not a base32 symbol
        "MZXW6YQ0", "MZXW6YQ8", "MZ_W6", "MZXW6-YQ", "MZXWé",
        "M", "MZX", "MZXW6Y",  // 1, 3 or 6 symbols cannot end a group
        "MY=",  // too little padding
        "MZXW6YQ==",  // too much padding
        "MY======MY", "MY====MY", "MZXW6Y=Q",  // data after padding
        "========",  // padding alone
        "MZ",  // leftover bits not zero ("f" is MY)
    ])
    func rejectsInvalid(_ text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test("every byte value and every length up to 40 bytes comes back unchanged")
    func roundTrips() {
        for byte in UInt8.min...UInt8.max {
            #expect(Base32.decode(Base32.encode([byte])) == [byte])
        }
        var random = SeededRandom(seed: 4648)
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &random) }
            let encoded = Base32.encode(bytes)
            #expect(encoded.count == (length * 8 + 4) / 5)
            #expect(encoded.allSatisfy { Base32.alphabet.contains($0.asciiValue!) })
            #expect(Base32.decode(encoded) == bytes)
            #expect(Base32.decode(encoded.lowercased()) == bytes)
        }
    }
}
