import Foundation
import Testing
import KontorDomain

@Suite("Checking authenticator-app codes")
struct TOTPVerifierTests {
    let verifier = TOTPVerifier()
    let secret = Array("12345678901234567890".utf8)
    /// One second into step 37037037 (30 × 37037037 = 1111111110).
    let now = Date(timeIntervalSince1970: 1_111_111_111)
    let currentStep: UInt64 = 37_037_037

    func code(atStep step: UInt64, digits: Int = 6) -> String {
        OneTimePassword.hotp(secret: secret, counter: step, digits: digits)
    }

    @Test("the current step, the one before and the one after are accepted, and the step is returned",
          arguments: [-1, 0, 1])
    func acceptsOneStepOfSkew(offset: Int) {
        let step = UInt64(Int(currentStep) + offset)
        #expect(verifier.verify(code: code(atStep: step), secret: secret, at: now, lastAcceptedStep: nil) == step)
    }

    @Test("codes two or more steps away are refused", arguments: [-3, -2, 2, 3])
    func refusesMoreSkew(offset: Int) {
        let step = UInt64(Int(currentStep) + offset)
        #expect(verifier.verify(code: code(atStep: step), secret: secret, at: now, lastAcceptedStep: nil) == nil)
    }

    @Test("the same code, or its step, used a second time is refused")
    func refusesReplayOfSameStep() {
        let typed = code(atStep: currentStep)
        let first = verifier.verify(code: typed, secret: secret, at: now, lastAcceptedStep: nil)
        #expect(first == currentStep)
        #expect(verifier.verify(code: typed, secret: secret, at: now, lastAcceptedStep: first) == nil)
        #expect(verifier.verify(code: typed, secret: secret, at: now.addingTimeInterval(20), lastAcceptedStep: first) == nil)
    }

    @Test("a code from a step before the last accepted one is refused, a later one accepted")
    func refusesEarlierStep() {
        #expect(verifier.verify(code: code(atStep: currentStep - 1), secret: secret, at: now, lastAcceptedStep: currentStep) == nil)
        #expect(verifier.verify(code: code(atStep: currentStep + 1), secret: secret, at: now, lastAcceptedStep: currentStep)
            == currentStep + 1)
    }

    @Test("spaces inside the typed code do not matter")
    func ignoresSpaces() {
        let typed = code(atStep: currentStep)
        let spaced = " " + typed.prefix(3) + " " + typed.dropFirst(3) + " "
        #expect(verifier.verify(code: spaced, secret: secret, at: now, lastAcceptedStep: nil) == currentStep)
    }

    @Test("anything but exactly six ASCII digits is refused, even when it holds the right number")
    func refusesMalformed() {
        let six = code(atStep: currentStep)
        let eight = code(atStep: currentStep, digits: 8)
        let fullWidth = String(six.unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
        let malformed = [
            String(six.prefix(5)),  // 5 digits: the start of the right code
            String(eight.suffix(7)),  // 7 digits ending in the right code
            "0" + six,  // 7 digits with the same numeric value
            String(six.prefix(5)) + "x", "abcdef", "", "      ", "12345-", fullWidth,
        ]
        for typed in malformed {
            #expect(verifier.verify(code: typed, secret: secret, at: now, lastAcceptedStep: nil) == nil, "\(typed)")
        }
    }

    @Test("a code for another secret is refused")
    func refusesOtherSecret() {
        let other = Array("abcdefghijabcdefghij".utf8)
        let typed = OneTimePassword.hotp(secret: other, counter: currentStep)
        #expect(typed != code(atStep: currentStep))
        #expect(verifier.verify(code: typed, secret: secret, at: now, lastAcceptedStep: nil) == nil)
    }

    @Test("in the first step after the epoch there is no earlier step to fall back to")
    func nearTheEpoch() {
        let start = Date(timeIntervalSince1970: 10)
        #expect(verifier.verify(code: code(atStep: 0), secret: secret, at: start, lastAcceptedStep: nil) == 0)
        #expect(verifier.verify(code: code(atStep: 1), secret: secret, at: start, lastAcceptedStep: 0) == 1)
        #expect(verifier.verify(code: code(atStep: 0), secret: secret, at: start, lastAcceptedStep: 0) == nil)
    }
}
