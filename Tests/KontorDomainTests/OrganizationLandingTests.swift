import KontorDomain
import Testing

@Suite("Where a customer lands after signing in")
struct OrganizationLandingTests {
    typealias Candidate = OrganizationLanding.Candidate<String>

    @Test("the organization used last, while she is still a member")
    func lastUsed() {
        let candidates = [Candidate(id: "acme", role: .user), Candidate(id: "own", role: .legalRepresentative)]
        #expect(OrganizationLanding.choose(among: candidates, lastUsed: "acme") == "acme")
        #expect(OrganizationLanding.choose(among: candidates, lastUsed: "gone") == "own", "an organization she left does not count")
    }

    @Test("the first time: one she represents, then one she administers, then the first listed")
    func firstTime() {
        #expect(OrganizationLanding.choose(among: [Candidate(id: "a", role: .user), Candidate(id: "b", role: .administrator),
                                                   Candidate(id: "c", role: .legalRepresentative), Candidate(id: "d", role: .legalRepresentative)],
                                           lastUsed: nil) == "c")
        #expect(OrganizationLanding.choose(among: [Candidate(id: "a", role: .user), Candidate(id: "b", role: .administrator)], lastUsed: nil) == "b")
        #expect(OrganizationLanding.choose(among: [Candidate(id: "a", role: .user), Candidate(id: "b", role: .user)], lastUsed: nil) == "a")
        #expect(OrganizationLanding.choose(among: [Candidate](), lastUsed: "a") == nil)
    }
}
