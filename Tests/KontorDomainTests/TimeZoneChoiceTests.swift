import Foundation
import KontorDomain
import Testing

@Suite("The time zone a customer reads times in")
struct TimeZoneChoiceTests {
    @Test("empty is the provider's; a known IANA name is taken as written; anything else is refused by field")
    func parse() {
        #expect((try? TimeZoneChoice.parse("").get()) == .some(nil))
        #expect((try? TimeZoneChoice.parse(nil).get()) == .some(nil))
        #expect((try? TimeZoneChoice.parse(" Europe/Zurich ").get()) == "Europe/Zurich")
        #expect((try? TimeZoneChoice.parse("America/New_York").get()) == "America/New_York")
        for bad in ["Mars/Olympus_Mons", "../../etc/passwd", "GMT+25", String(repeating: "A", count: 200), "europe/zurich"] {
            guard case .failure(let error) = TimeZoneChoice.parse(bad) else { Issue.record("accepted \(bad)"); continue }
            #expect(error.field == "time_zone" && error.messageKey == "error.profile.time_zone")
        }
        #expect(TimeZoneChoice.offered.contains("Europe/Zurich") && TimeZoneChoice.offered.last == "UTC")
    }
}
