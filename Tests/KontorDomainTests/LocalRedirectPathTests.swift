import KontorDomain
import Testing

/// Review finding F3: `next=/\evil.example` passed a "starts with / but not //" check, and browsers read it as
/// `//evil.example`, another site.
@Suite("After signing in, a browser is sent only to a plain local path")
struct LocalRedirectPathTests {
    @Test("anything a browser could read as another host, a scheme or a mangled path is refused", arguments: [
        #"/\evil.example/login"#, #"/\\evil.example"#, #"\/evil.example"#, "//evil.example", "///evil.example",
        "https://evil.example", "http:evil.example", "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
        "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", " /console", "/console ", "/con sole",
        "/%5Cevil.example", "/%5cevil.example", "/%2F/evil.example", "/%09/evil.example", "/%00", "/%E2%80%8B/console",
        "/%zz", "/%5", "/%C0%AF", "/a//b", "/console/", "/../evil.example", "/./console", "/%2E%2E/console",
        "/console?next=//evil.example", "/console#top", "evil.example", "console", "", "/\u{00A0}console", "/\u{202E}console",
    ])
    func refused(candidate: String) {
        #expect(LocalRedirectPath.segments(of: candidate) == nil, "\(candidate.debugDescription) passed")
    }

    @Test("no value at all, and values longer than any page, are refused")
    func absentAndLong() {
        #expect(LocalRedirectPath.segments(of: nil) == nil)
        #expect(LocalRedirectPath.segments(of: "/" + String(repeating: "a", count: LocalRedirectPath.maximumLength)) == nil)
    }

    @Test("paths of the application pass, decoded segment by segment", arguments: [
        ("/", [String]()),
        ("/console", ["console"]),
        ("/profile/security", ["profile", "security"]),
        ("/organizations/6F0D2D38-6F8B-4D2E-9C1B-0A2B3C4D5E6F/invoices", ["organizations", "6F0D2D38-6F8B-4D2E-9C1B-0A2B3C4D5E6F", "invoices"]),
        ("/invitations/Ab-9_x~y", ["invitations", "Ab-9_x~y"]),
        ("/help/fr/s%C3%A9curit%C3%A9", ["help", "fr", "sécurité"]),
    ])
    func accepted(candidate: String, segments: [String]) {
        #expect(LocalRedirectPath.segments(of: candidate) == segments)
    }
}
