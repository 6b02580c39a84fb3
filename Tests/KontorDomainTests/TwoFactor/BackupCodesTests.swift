import Testing
import KontorDomain
import TestSupport

@Suite("Backup codes")
struct BackupCodesTests {
    @Test("the alphabet has 31 symbols and none of the look-alikes 0, O, 1, I, L")
    func alphabet() {
        #expect(BackupCodes.alphabet.count == 31)
        #expect(Set(BackupCodes.alphabet).count == 31)
        for lookAlike: Character in ["0", "O", "1", "I", "L"] {
            #expect(!BackupCodes.alphabet.contains(lookAlike))
        }
    }

    @Test("ten distinct codes, each XXXXX-XXXXX from the alphabet")
    func generatesWellFormed() {
        var random = SeededRandom(seed: 10)
        let codes = BackupCodes.generate(using: &random)
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        for code in codes {
            let parts = code.split(separator: "-", omittingEmptySubsequences: false)
            #expect(parts.count == 2, "\(code)")
            #expect(parts.allSatisfy { $0.count == 5 && $0.allSatisfy(BackupCodes.alphabet.contains) }, "\(code)")
        }
        #expect(BackupCodes.generate(using: &random) != codes)
    }

    /// Replays its first ten draws once, so the second code drawn is the same as the first.
    struct StutteringRandom: RandomNumberGenerator {
        var inner = SeededRandom(seed: 99)
        var recorded: [UInt64] = []
        var replay: [UInt64]? = nil

        mutating func next() -> UInt64 {
            if var pending = replay, !pending.isEmpty {
                let value = pending.removeFirst()
                replay = pending
                return value
            }
            let value = inner.next()
            if replay == nil {
                recorded.append(value)
                if recorded.count == 10 { replay = recorded }
            }
            return value
        }
    }

    @Test("a code drawn twice is issued only once")
    func skipsRepeats() {
        var stuttering = StutteringRandom()
        let codes = BackupCodes.generate(using: &stuttering)
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
    }

    @Test("codes draw on the whole alphabet")
    func usesWholeAlphabet() {
        var random = SeededRandom(seed: 31)
        var symbols: Set<Character> = []
        for _ in 0..<50 {
            for code in BackupCodes.generate(using: &random) { symbols.formUnion(code.filter { $0 != "-" }) }
        }
        #expect(symbols == Set(BackupCodes.alphabet))
    }

    @Test("a code typed in lower case, without the hyphen or with spaces, normalizes to the issued one")
    func normalizes() {
        var random = SeededRandom(seed: 7)
        for code in BackupCodes.generate(using: &random) {
            let canonical = code.replacing("-", with: "")
            #expect(BackupCodes.normalize(code) == canonical)
            #expect(BackupCodes.normalize(canonical.lowercased()) == canonical)
            #expect(BackupCodes.normalize(" " + code.lowercased().replacing("-", with: " ") + " ") == canonical)
            #expect(BackupCodes.display(canonical) == code)
        }
    }

    @Test("look-alikes are not guessed at, and wrong lengths are refused", arguments: [
        "O0O0O-IIIII", "o0o0o-iiiii", "ABCDE-FGHJL", "ABCDE-FGH1K", "ABCDE-FGHJ", "ABCDE-FGHJKM", "", "-----",
        "ABCDE_FGHJK", "ÄBCDE-FGHJK",
    ])
    func rejects(_ typed: String) {
        #expect(BackupCodes.normalize(typed) == nil)
    }

    @Test("the stored value is the hex HMAC-SHA-256 under the app's key (RFC 4231 test case 2)")
    func keyedHash() {
        #expect(BackupCodes.keyedHash("what do ya want for nothing?", key: Array("Jefe".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("the same code hashes the same however it was typed, and differently under another key")
    func keyedHashOfTypedCodes() throws {
        let key = Array(repeating: UInt8(7), count: 32)
        let issued = try #require(BackupCodes.normalize("ABCDE-FGHJK"))
        let typed = try #require(BackupCodes.normalize("abcde fghjk"))
        #expect(BackupCodes.keyedHash(typed, key: key) == BackupCodes.keyedHash(issued, key: key))
        #expect(BackupCodes.keyedHash(issued, key: key) != BackupCodes.keyedHash(issued, key: Array(repeating: 8, count: 32)))
        #expect(BackupCodes.keyedHash(issued, key: key) != BackupCodes.keyedHash("ABCDEFGHJM", key: key))
    }
}
