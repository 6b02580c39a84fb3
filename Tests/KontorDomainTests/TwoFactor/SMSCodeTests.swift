import Foundation
import Testing
import KontorDomain
import TestSupport

@Suite("SMS codes at sign-in")
struct SMSCodeTests {
    let sent = Date(timeIntervalSince1970: 1_700_000_000)
    /// A readable stand-in for the app's keyed hash, so the specs show what is hashed.
    let hash: (String) -> String = { "h(\($0))" }

    func challenge(code: String = "042917", attempt: String = "attempt-A", failures: Int = 0) -> SMSChallenge {
        let issued = SMSChallenge.issue(code: code, attemptID: attempt, issuedAt: sent, hash: hash)
        return SMSChallenge(codeHash: issued.codeHash, issuedAt: issued.issuedAt, failures: failures, attemptID: attempt)
    }

    @Test("codes are six ASCII digits, leading zeros included")
    func generatesCodes() {
        var random = SeededRandom(seed: 6)
        let codes = (0..<500).map { _ in SMSCodePolicy.generateCode(using: &random) }
        for code in codes {
            #expect(code.utf8.count == 6 && code.utf8.allSatisfy { (48...57).contains($0) }, "\(code)")
        }
        #expect(codes.contains { $0.hasPrefix("0") })
        #expect(Set(codes).count > 490)
    }

    @Test("a code dies at exactly 10 minutes")
    func expiry() {
        #expect(!SMSCodePolicy.isExpired(issuedAt: sent, now: sent))
        #expect(!SMSCodePolicy.isExpired(issuedAt: sent, now: sent.addingTimeInterval(599.999)))
        #expect(SMSCodePolicy.isExpired(issuedAt: sent, now: sent.addingTimeInterval(600)))
        #expect(challenge().check("042917", now: sent.addingTimeInterval(599), hash: hash) == .accepted)
        #expect(challenge().check("042917", now: sent.addingTimeInterval(600), hash: hash) == .expired)
    }

    @Test("five wrong tries are allowed; the sixth try is refused, even with the right code")
    func exhaustion() {
        #expect(!SMSCodePolicy.isExhausted(failures: 4))
        #expect(SMSCodePolicy.isExhausted(failures: 5))
        let now = sent.addingTimeInterval(60)
        for failures in 0..<5 {
            #expect(challenge(failures: failures).check("111111", now: now, hash: hash) == .wrong(remaining: 4 - failures))
        }
        #expect(challenge(failures: 4).check("042917", now: now, hash: hash) == .accepted)
        #expect(challenge(failures: 5).check("042917", now: now, hash: hash) == .exhausted)
        #expect(challenge(failures: 5).check("111111", now: now, hash: hash) == .exhausted)
    }

    @Test("the code is stored only as a hash bound to its sign-in attempt")
    func storesBoundHash() {
        #expect(challenge().codeHash == "h(attempt-A:042917)")
    }

    @Test("a code sent for another sign-in attempt is refused")
    func boundToAttempt() {
        let now = sent.addingTimeInterval(60)
        let forA = challenge(code: "042917", attempt: "attempt-A")
        // Attempt B's challenge carrying A's stored hash, as a mixed-up look-up or a copied row would.
        let swapped = SMSChallenge(codeHash: forA.codeHash, issuedAt: sent, failures: 0, attemptID: "attempt-B")
        #expect(forA.check("042917", now: now, hash: hash) == .accepted)
        #expect(swapped.check("042917", now: now, hash: hash) == .wrong(remaining: 4))
        // B's own code, typed into A's challenge.
        let forB = challenge(code: "555123", attempt: "attempt-B")
        #expect(forB.check("555123", now: now, hash: hash) == .accepted)
        #expect(forA.check("555123", now: now, hash: hash) == .wrong(remaining: 4))
    }

    @Test("spaces are ignored; anything but six digits is a wrong try")
    func typedForms() {
        let now = sent.addingTimeInterval(60)
        #expect(challenge().check(" 042 917 ", now: now, hash: hash) == .accepted)
        for typed in ["42917", "0042917", "04291a", "", "０４２９１７"] {
            #expect(challenge().check(typed, now: now, hash: hash) == .wrong(remaining: 4), "\(typed)")
        }
    }
}
