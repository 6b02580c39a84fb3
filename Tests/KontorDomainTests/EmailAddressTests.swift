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
}
