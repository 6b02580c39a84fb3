import CIDN2
#if canImport(Glibc)
import Glibc
#endif

/// A syntactically valid e-mail address, normalised for comparison (trimmed, lower-cased, an international domain in
/// one spelling).
///
/// The check is deliberately practical rather than RFC 5322 complete: one `@`, a non-empty local part of RFC 5322's
/// dot-atom characters (letters, digits, ``!#$%&'*+-/=?^_`{|}~`` and inner dots; no quoted local parts), a domain
/// with at least one dot and labels of letters, digits and hyphens. Control characters, brackets, `;`, `:` and `\`
/// were accepted before and went unquoted into `RCPT TO` and the `To:` header (security probe round 6).
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public static let maximumLength = 254

    public init?(_ raw: String) {
        let trimmed = raw.trimmingWhitespace().lowercased()
        guard !trimmed.isEmpty, trimmed.utf8.count <= Self.maximumLength else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64,
              local.unicodeScalars.allSatisfy(Self.isAtomCharacter),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
              labels.allSatisfy({ label in
                  !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                      && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
              }),
              labels.last!.count >= 2, !labels.last!.allSatisfy(\.isNumber)
        else { return nil }
        guard let canonical = Self.canonicalDomain(String(domain)) else { return nil }
        self.value = String(local) + "@" + canonical
    }

    /// An international domain in one spelling: its Unicode form, composed (NFC). `démo.ch` typed composed, with the
    /// accent apart (NFD) or as `xn--dmo-6oa.ch` is one mailbox, and each had made an account of its own, getting past
    /// every "this address already has an account" check (security probe round 8). libidn2 (IDNA2008, non-transitional:
    /// `ß` stays `ß`) turns the domain into its ASCII form and back. A plain ASCII domain is as typed; nil for a domain
    /// IDNA refuses.
    public static func canonicalDomain(_ domain: String) -> String? {
        guard domain.utf8.contains(where: { $0 >= 0x80 }) || domain.split(separator: ".").contains(where: { $0.hasPrefix("xn--") }) else {
            return domain
        }
        var ascii: UnsafeMutablePointer<CChar>?
        guard idn2_to_ascii_8z(domain, &ascii, Int32(IDN2_NFC_INPUT.rawValue | IDN2_NONTRANSITIONAL.rawValue)) == IDN2_OK.rawValue, let ascii else { return nil }
        defer { free(ascii) }
        var unicode: UnsafeMutablePointer<CChar>?
        guard idn2_to_unicode_8z8z(ascii, &unicode, 0) == IDN2_OK.rawValue, let unicode else { return nil }
        defer { free(unicode) }
        return String(cString: unicode).lowercased()
    }

    public var description: String { value }

    /// RFC 5322 `atext`, and the dot that joins atoms (where dots may stand is checked apart).
    private static func isAtomCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".": true
        default: "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// Validates `raw` for the form field `field`, or returns the field error to show.
    public static func parse(_ raw: String?, field: String = "email") -> Result<EmailAddress, FieldError> {
        guard let raw, !raw.trimmingWhitespace().isEmpty else {
            return .failure(FieldError(field: field, messageKey: "error.required"))
        }
        guard let email = EmailAddress(raw) else {
            return .failure(FieldError(field: field, messageKey: "error.email.invalid"))
        }
        return .success(email)
    }
}

extension String {
    /// The string without leading and trailing white space (Foundation-free, so the domain stays pure).
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
