/// A mailbox of a mail service: an address on one of the organization's own domains (issue 13 §4).
public enum MailboxAddress {
    /// A domain as mailbox addresses spell it (`EmailAddress`: an international one in composed Unicode): domain
    /// products keep the ASCII form they are registered in (`xn--…`), so every comparison of a mailbox with the
    /// organization's domains goes through this. After addresses took the Unicode spelling (security probe round 8),
    /// `info@bücher.ch` was compared with `xn--bcher-kva.ch` and refused (security probe round 9).
    public static func domainKey(_ domain: String) -> String {
        EmailAddress.canonicalDomain(domain.lowercased()) ?? domain.lowercased()
    }

    /// The domain of a stored mailbox address, as `domainKey` spells it (addresses stored before may be in either form).
    public static func domainKey(ofAddress address: String) -> String {
        domainKey(address.split(separator: "@").last.map(String.init) ?? "")
    }

    /// The normalised address, or the error for the form field `field`: missing, not an address, or on a domain the
    /// organization does not hold (`domains` are its domain products' names).
    public static func validate(_ raw: String?, domains: Set<String>, field: String = "address") -> Result<EmailAddress, FieldError> {
        switch EmailAddress.parse(raw, field: field) {
        case .failure(let error): return .failure(error)
        case .success(let address):
            guard domains.map({ domainKey($0) }).contains(domainKey(ofAddress: address.value)) else {
                return .failure(FieldError(field: field, messageKey: "error.mailboxes.domain_not_held"))
            }
            return .success(address)
        }
    }
}
