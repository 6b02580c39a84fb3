import Testing
import KontorDomain

@Suite("Password policy (ASVS 6.2)")
struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password", "12345678", "qwertyuiop"])

    @Test("7 characters are refused, 8 accepted (6.2.1)")
    func minimumLength() {
        #expect(policy.check("abcdefg")?.messageKey == "error.password.too_short")
        #expect(policy.check("tapezebr") == nil)
    }

    @Test("a 64-character multi-byte passphrase is accepted (6.2.9)")
    func longUnicode() {
        let phrase = String(repeating: "ñandú🦤 ", count: 10) + "río"
        #expect(phrase.count >= 64)
        #expect(policy.check(phrase) == nil)
    }

    @Test("common passwords are refused, whatever their case (6.2.4)")
    func common() {
        #expect(policy.check("PassWord")?.messageKey == "error.password.common")
        #expect(policy.check("12345678")?.messageKey == "error.password.common")
    }

    @Test("the obvious variants of a common password are refused too: digits and symbols around it, look-alike symbols, any case")
    func variants() {
        for variant in ["password123", "Password2024!", "P@ssw0rd", "p4ssw0rd!!", "123password", "QWERTYUIOP1", "!!12345678!!", "Pa$$word99"] {
            #expect(policy.check(variant)?.messageKey == "error.password.common", "\(variant) passed")
        }
        for fine in ["pass-the-salt-2024", "tapezebr1", "correct horse battery staple", "xk9!Qm2#vL"] {
            #expect(policy.check(fine) == nil, "\(fine) was refused")
        }
    }

    @Test("repetitive and sequential passwords are refused (NIST 800-63B 3.1.1.2), with digits or symbols around them too; passphrases and ordinary words that merely contain a run are not",
          arguments: ["12345678901234", "        ", "zzzzzzzzzzzz", "abababababab", "abcabcabc", "abcdefghijklm", "qwertzuiopasdf", "azertyuiop",
                      "ZYXWVUTSRQ", "9876543210", "asdfghjkl2026!", "1111aaaa", "ÄÄÄÄÄÄÄÄ"])
    func predictable(_ password: String) {
        #expect(policy.check(password)?.messageKey == "error.password.predictable", "\(password) passed")
    }

    @Test("a password that only contains a run, or repeats a word in a phrase, is still accepted", arguments: ["abcd lantern ridge", "tapezebra1234", "correct horse horse", "Zürich 8001 Seefeld"])
    func notPredictable(_ password: String) {
        #expect(policy.check(password) == nil, "\(password) refused")
    }

    @Test("no composition rules: lower-case letters only are fine (6.2.5)")
    func noComposition() {
        #expect(policy.check("correcthorsebattery") == nil)
    }

    @Test("passwords made of the context are refused (6.2.12)")
    func context() {
        #expect(policy.check("kontor2024!", contextWords: ["Kontor", "alice@example.com"])?.messageKey == "error.password.context")
        #expect(policy.check("alice1234", contextWords: ["alice@example.com"])?.messageKey == "error.password.context")
        #expect(policy.check("alice loves tangerines", contextWords: ["alice@example.com"]) == nil)
    }

    @Test("a new password must not be the one it replaces, however its characters are composed")
    func notTheCurrentOne() {
        let current = "Cafe\u{301} au lait du matin"   // "é" as e + combining accent
        #expect(policy.check("Café au lait du matin", replacing: current, field: "new_password")
            == FieldError(field: "new_password", messageKey: "error.password.unchanged"))
        #expect(policy.check("café au lait du soir", replacing: current, field: "new_password") == nil)
        // Everything else is still checked.
        #expect(policy.check("password123", replacing: current)?.messageKey == "error.password.common")
    }

    @Test("an empty password names the field")
    func empty() {
        #expect(policy.check(nil) == FieldError(field: "password", messageKey: "error.required"))
    }
}
