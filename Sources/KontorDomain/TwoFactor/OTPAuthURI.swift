/// An `otpauth://totp/…` key URI in Google Authenticator's Key URI format, usually shown as a QR code.
///
/// `otpauth://totp/Kontor%20AG:ana%2Btest%40example.com?secret=…&issuer=Kontor%20AG&algorithm=SHA1&digits=6&period=30`:
/// issuer and account are percent-encoded (everything outside the RFC 3986 unreserved set, as UTF-8), so a
/// space, `+`, `@`, `:` or `&` in them can neither split the label nor end up in another parameter. The `:`
/// between issuer and account is literal; the issuer is repeated as a parameter, as the format recommends.
public struct OTPAuthURI: Sendable, Equatable, CustomStringConvertible {
    /// Who the account is with, e.g. `Kontor AG`.
    public let issuer: String
    /// Which account, usually the e-mail address.
    public let account: String
    /// The raw secret; the URI carries it in base32 without padding.
    public let secret: [UInt8]
    /// The HMAC hash, `SHA1` for authenticator apps.
    public let algorithm: OTPAlgorithm
    /// The number of digits per code.
    public let digits: Int
    /// The time step in seconds.
    public let period: Int

    /// A key URI for a TOTP factor; the defaults are the ones every authenticator app supports.
    public init(
        issuer: String, account: String, secret: [UInt8],
        algorithm: OTPAlgorithm = .sha1, digits: Int = 6, period: Int = 30
    ) {
        self.issuer = issuer
        self.account = account
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    /// The URI as text.
    public var string: String {
        let issuer = Self.percentEncoded(issuer)
        return "otpauth://totp/\(issuer):\(Self.percentEncoded(account))"
            + "?secret=\(Base32.encode(secret))&issuer=\(issuer)"
            + "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
    }

    /// The URI as text.
    public var description: String { string }

    /// `text` with every UTF-8 byte outside `A–Z a–z 0–9 - . _ ~` written as `%XX` (upper-case hex).
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
