import Testing
import KontorDomain

@Suite("E-mail addresses")
struct EmailAddressTests {
    @Test("are trimmed and lower-cased so one person has one address")
    func normalises() {
        #expect(EmailAddress("  Alice@Example.COM ")?.value == "alice@example.com")
    }

    @Test("reject what cannot receive mail", arguments: [
        "", "alice", "alice@", "@example.com", "alice@example", "alice@@example.com", "al ice@example.com",
        "alice@exa_mple.com", "alice@-example.com", "alice@example.c", ".alice@example.com", "a..b@example.com",
        "alice@example.123",
        // Control characters and specials outside a quoted local part (security probe round 6).
        "a\u{07}b@example.com", "a\u{1B}[31mb@example.com", "a\u{7F}@example.com", "a(comment)@example.com",
        "a;b@example.com", "a:b@example.com", "a[b]@example.com", "a\\b@example.com", "\"a b\"@example.com", "josé@example.com",
    ])
    func rejects(_ raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test("accept ordinary and international domains", arguments: ["a@b.ch", "first.last+tag@sub.example.org", "x@münchen.de",
                                                                        "o'brien@example.ie", "a!#$%&*/=?^_`{|}~-b@example.com"])
    func accepts(_ raw: String) {
        #expect(EmailAddress(raw) != nil)
    }

    @Test("name the field and the problem")
    func fieldErrors() {
        #expect(EmailAddress.parse("") == .failure(FieldError(field: "email", messageKey: "error.required")))
        #expect(EmailAddress.parse("nope", field: "invitee") == .failure(FieldError(field: "invitee", messageKey: "error.email.invalid")))
    }

    @Test("over 254 characters are refused")
    func tooLong() {
        #expect(EmailAddress(String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: 200) + ".com") == nil)
    }
    @Test("an international domain has one spelling: composed, with the accent apart, or in its xn-- form are one address")
    func internationalDomainOneSpelling() {
        let composed = EmailAddress("p@d\u{E9}mo-probe.ch"), apart = EmailAddress("p@de\u{301}mo-probe.ch")
        let ace = EmailAddress("P@XN--DMO-PROBE-B4A.CH")
        #expect(composed != nil && composed?.value == apart?.value && composed?.value == ace?.value, "\(String(describing: composed)) \(String(describing: apart)) \(String(describing: ace))")
        // As bytes, as the database compares them (Swift's `==` takes composed and decomposed for one).
        for address in [composed, apart, ace] {
            #expect(address.map { Array($0.value.utf8) } == Array("p@d\u{E9}mo-probe.ch".utf8), "stored composed, as typed most often")
        }
        #expect(EmailAddress("anna@stra\u{DF}e.de")?.value == "anna@stra\u{DF}e.de", "IDNA2008: ß stays ß")
        #expect(EmailAddress("ana@example.com")?.value == "ana@example.com", "a plain domain as typed")
        #expect(EmailAddress("ana@xn--zz-bad.com") == nil, "an xn-- label that is no IDNA name")
    }
}
