import Foundation
import Testing
import KontorDomain

@Suite("One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP)")
struct OneTimePasswordTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    @Test("HOTP gives the RFC 4226 Appendix D values for counts 0 to 9", arguments: zip(
        UInt64(0)...9,
        ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    ))
    func hotpVectors(counter: UInt64, expected: String) {
        #expect(OneTimePassword.hotp(secret: Self.sha1Seed, counter: counter) == expected)
    }

    struct TOTPVector: Sendable, CustomTestStringConvertible {
        let unixTime: TimeInterval
        let algorithm: OTPAlgorithm
        let code: String
        var testDescription: String { "\(algorithm.rawValue) at \(Int64(unixTime)) → \(code)" }
    }

    /// RFC 6238 Appendix B: unix time, then the SHA-1, SHA-256 and SHA-512 codes.
    static let table: [(TimeInterval, String, String, String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ]

    static let rfc6238: [TOTPVector] = table.flatMap { time, sha1, sha256, sha512 in
        [
            TOTPVector(unixTime: time, algorithm: .sha1, code: sha1),
            TOTPVector(unixTime: time, algorithm: .sha256, code: sha256),
            TOTPVector(unixTime: time, algorithm: .sha512, code: sha512),
        ]
    }

    static func seed(for algorithm: OTPAlgorithm) -> [UInt8] {
        switch algorithm {
        case .sha1: sha1Seed
        case .sha256: sha256Seed
        case .sha512: sha512Seed
        }
    }

    @Test("TOTP gives the RFC 6238 Appendix B values with 8 digits", arguments: rfc6238)
    func totpVectors(_ vector: TOTPVector) {
        let code = OneTimePassword.totp(
            secret: Self.seed(for: vector.algorithm), time: Date(timeIntervalSince1970: vector.unixTime),
            digits: 8, algorithm: vector.algorithm
        )
        #expect(code == vector.code)
    }

    @Test("the time step is whole 30-second periods since the epoch (RFC 6238 §4.2)")
    func timeSteps() {
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 0)) == 0)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 29.999)) == 0)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 30)) == 1)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 59)) == 1)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 1_111_111_109)) == 0x23523EC)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 20_000_000_000)) == 0x27BC86AA)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: 120), step: 60) == 2)
        #expect(OneTimePassword.timeStep(Date(timeIntervalSince1970: -1)) == 0)
    }

    @Test("a 6-digit code keeps its leading zeros and is the last six digits of the 8-digit one")
    func sixDigits() {
        let time = Date(timeIntervalSince1970: 1_111_111_109)
        let six = OneTimePassword.totp(secret: Self.sha1Seed, time: time)
        #expect(six == "081804")
        #expect(OneTimePassword.totp(secret: Self.sha1Seed, time: time, digits: 8).hasSuffix(six))
    }
}
