/// A mailbox of a mail service: an address on one of the organization's own domains (issue 13 §4).
public enum MailboxAddress {
    /// The normalised address, or the error for the form field `field`: missing, not an address, or on a domain the
    /// organization does not hold (`domains` are its domain products' names).
    public static func validate(_ raw: String?, domains: Set<String>, field: String = "address") -> Result<EmailAddress, FieldError> {
        switch EmailAddress.parse(raw, field: field) {
        case .failure(let error): return .failure(error)
        case .success(let address):
            let domain = address.value.split(separator: "@").last.map(String.init) ?? ""
            guard domains.map({ $0.lowercased() }).contains(domain) else {
                return .failure(FieldError(field: field, messageKey: "error.mailboxes.domain_not_held"))
            }
            return .success(address)
        }
    }
}
