import Testing
@testable import KontorQR

@Suite("Encoding")
struct EncodingTests {
    @Test("HELLO fits version 1 (21 modules) at every correction level", arguments: [QRCorrection.low, .medium, .quartile, .high])
    func helloIsVersionOne(correction: QRCorrection) throws {
        let code = try QRCode(encoding: Sample.hello, correction: correction)
        #expect(code.size == 21)
        #expect(code.modules.count == 21 * 21)
    }

    @Test("A 100-character otpauth URI needs version 6 (41 modules) at medium")
    func otpauthURIIsVersionSix() throws {
        #expect(Sample.otpauth.count == 100)
        let code = try QRCode(encoding: Sample.otpauth)
        #expect(code.version == 6)
        #expect(code.size == 17 + 4 * 6)
        #expect(code.modules.count == code.size * code.size)
    }

    @Test("Medium is the default correction level")
    func mediumIsDefault() throws {
        #expect(try QRCode(encoding: Sample.otpauth).modules == QRCode(encoding: Sample.otpauth, correction: .medium).modules)
    }

    @Test("More correction never gives a smaller symbol")
    func correctionGrowsTheSymbol() throws {
        let sizes = try [QRCorrection.low, .medium, .quartile, .high].map { try QRCode(encoding: Sample.otpauth, correction: $0).size }
        #expect(sizes == sizes.sorted())
        #expect(sizes.first! < sizes.last!)
    }

    @Test("Every size is 17 + 4 × version, for short and long texts")
    func sizeFollowsVersion() throws {
        for length in [1, 10, 50, 100, 300, 1000, 2000] {
            let code = try QRCode(encoding: String(repeating: "k", count: length))
            #expect((21...177).contains(code.size))
            #expect((code.size - 17) % 4 == 0, "length \(length) gave size \(code.size)")
        }
    }

    @Test("Text beyond ASCII is encoded as UTF-8 bytes")
    func utf8Text() throws {
        // "ñ" is two UTF-8 bytes: 60 of them are 120 bytes, over version 6-M's 106, so version 7.
        let code = try QRCode(encoding: String(repeating: "ñ", count: 60))
        #expect(code.version == 7)
    }

    @Test("Version 40 at medium holds 2,331 bytes and not one more")
    func capacityLimit() throws {
        // Lower-case letters are not alphanumeric-mode characters, so this is pure 8-bit mode.
        let largest = try QRCode(encoding: String(repeating: "a", count: 2331))
        #expect(largest.size == 177)
        #expect(throws: QRCodeError.tooLong) { try QRCode(encoding: String(repeating: "a", count: 2332)) }
    }

    @Test("Empty text throws .empty")
    func emptyText() {
        #expect(throws: QRCodeError.empty) { try QRCode(encoding: "") }
    }

    @Test("5,000 characters throw .tooLong at every correction level", arguments: [QRCorrection.low, .medium, .quartile, .high])
    func tooLong(correction: QRCorrection) {
        #expect(throws: QRCodeError.tooLong) { try QRCode(encoding: String(repeating: "x", count: 5000), correction: correction) }
    }

    @Test("A NUL character is refused rather than cut short")
    func nulCharacter() {
        #expect(throws: QRCodeError.encodingFailed) { try QRCode(encoding: "otpauth://totp/a\u{0}b") }
    }

    @Test("The same text always gives the same code")
    func deterministic() throws {
        let first = try QRCode(encoding: Sample.otpauth)
        let second = try QRCode(encoding: Sample.otpauth)
        #expect(first.size == second.size)
        #expect(first.modules == second.modules)
    }

    @Test("Concurrent encodings from many tasks agree with serial ones")
    func concurrentEncodings() async throws {
        // Several texts and all four levels, so the tasks need different Reed–Solomon generator
        // polynomials, which libqrencode builds lazily in shared state.
        let inputs: [(String, QRCorrection)] = [Sample.hello, Sample.otpauth, String(repeating: "z", count: 400)]
            .flatMap { text in [QRCorrection.low, .medium, .quartile, .high].map { (text, $0) } }
        let expected = try inputs.map { try QRCode(encoding: $0.0, correction: $0.1).modules }

        let results = await withTaskGroup(of: (Int, [Bool]?).self) { group in
            for task in 0..<240 {
                let index = task % inputs.count
                let (text, correction) = inputs[index]
                group.addTask { (index, try? QRCode(encoding: text, correction: correction).modules) }
            }
            var results: [(Int, [Bool]?)] = []
            for await result in group { results.append(result) }
            return results
        }

        #expect(results.count == 240)
        for (index, modules) in results {
            #expect(modules == expected[index], "input \(index) differed when encoded concurrently")
        }
    }
}
