@testable import KontorDomain
import Testing

@Suite("Domain names with hyphens in the third and fourth places: only real A-labels (xn-- that decodes)")
struct PunycodeTests {
    @Test("RFC 3492's algorithm decodes real A-labels", arguments: [
        ("mnchen-3ya", "münchen"), ("bcher-kva", "bücher"), ("zrich-kva", "zürich"), ("caf-dma", "café"), ("maana-pta", "mañana"),
    ])
    func decodes(_ encoded: String, _ name: String) {
        #expect(Punycode.decode(Substring(encoded)).map { String(String.UnicodeScalarView($0)) } == name)
    }

    @Test("a domain order takes a real A-label and refuses a fake one, or hyphens in the third and fourth places without xn--",
          arguments: [("xn--mnchen-3ya.ch", true), ("xn--bcher-kva.ch", true), ("atelier-martin.ch", true), ("a--b.ch", true),
                      ("xn--atelier-martin.ch", false), ("ab--cd.ch", false), ("xn--.ch", false), ("xn--abc-.ch", false), ("xn--zzzzzzzzzzzzzzzzzz.ch", false)])
    func domainOrder(_ name: String, _ valid: Bool) {
        #expect((DomainName.normalized(name, extension: "ch") != nil) == valid, "\(name)")
        #expect((try? SiteDomainName.parse("www." + name).get()) != nil || !valid, "\(name) as a site")
        if !valid { #expect((try? SiteDomainName.parse("www." + name).get()) == nil, "\(name) as a site") }
    }
}
