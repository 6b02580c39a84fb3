import CIDN2
#if canImport(Glibc)
import Glibc
#endif

/// An address as SMTP carries it without the SMTPUTF8 extension, which relays need not offer (RFC 6531): its domain in
/// IDNA's ASCII form (`ana@xn--bcher-kva.ch` for `ana@bücher.ch`). Kontor keeps addresses in their readable Unicode
/// form (`EmailAddress`, security probe round 8); the envelope and the `From:`/`To:` headers are written in this one.
/// The local part is ASCII already (Kontor accepts no other). libidn2 (IDNA2008) does the conversion.
public enum MailAddress {
    /// `mailbox` (`address` or `Name <address>`) with its address's domain in ASCII; as given when it is ASCII already
    /// or not a domain IDNA takes.
    public static func ascii(_ mailbox: String) -> String {
        guard mailbox.utf8.contains(where: { $0 >= 0x80 }) else { return mailbox }
        let open = mailbox.lastIndex(of: "<"), close = mailbox.lastIndex(of: ">")
        let range = open.flatMap { open in close.flatMap { open < $0 ? mailbox.index(after: open)..<$0 : nil } } ?? mailbox.startIndex..<mailbox.endIndex
        let address = mailbox[range]
        guard let at = address.lastIndex(of: "@") else { return mailbox }
        let domain = String(address[address.index(after: at)...])
        guard domain.utf8.contains(where: { $0 >= 0x80 }) else { return mailbox }
        var output: UnsafeMutablePointer<CChar>?
        guard idn2_to_ascii_8z(domain, &output, Int32(IDN2_NFC_INPUT.rawValue | IDN2_NONTRANSITIONAL.rawValue)) == IDN2_OK.rawValue,
              let output else { return mailbox }
        defer { free(output) }
        var result = mailbox
        result.replaceSubrange(range, with: address[..<at] + "@" + String(cString: output))
        return result
    }
}
