@testable import KontorDomain
import Testing

@Suite("The day a bank file reports payments up to: its own date, never the upload day")
struct StatementCoverageTests {
    @Test("an old file uploaded today covers its own day, not today")
    func oldFileKeepsItsDay() {
        #expect(StatementCoverage.day(createdAt: "2026-10-02T18:00:00+01:00", latestBookingDate: "2026-10-02", importedOn: "2026-12-03") == "2026-10-02")
        #expect(StatementCoverage.day(createdAt: "2026-10-02T06:00:00", latestBookingDate: nil, importedOn: "2026-12-03") == "2026-10-02",
                "a statement without entries still says which day it is")
    }

    @Test("the later of creation and latest booking counts, but never a day after the import")
    func laterDayCappedAtImport() {
        #expect(StatementCoverage.day(createdAt: "2026-11-30T23:00:00Z", latestBookingDate: "2026-12-01", importedOn: "2026-12-03") == "2026-12-01")
        #expect(StatementCoverage.day(createdAt: "2026-12-03T08:00:00.123+01:00", latestBookingDate: "2026-12-02", importedOn: "2026-12-03") == "2026-12-03")
    }

    @Test("a day the file cannot have — created after the import, a booking after its creation — counts for nothing")
    func impossibleDays() {
        #expect(StatementCoverage.day(createdAt: "2026-11-20T18:00:00", latestBookingDate: "2027-11-20", importedOn: "2026-12-07") == "2026-11-20",
                "a booking day typed a year ahead")
        #expect(StatementCoverage.day(createdAt: "2027-11-20T18:00:00", latestBookingDate: "2026-11-20", importedOn: "2026-12-07") == "2026-11-20",
                "a creation day typed a year ahead")
        #expect(StatementCoverage.day(createdAt: "2027-01-05T10:00:00Z", latestBookingDate: nil, importedOn: "2026-12-03") == nil)
        #expect(StatementCoverage.day(createdAt: "2027-01-05T10:00:00Z", latestBookingDate: "2027-01-05", importedOn: "2026-12-03") == nil)
        #expect(StatementCoverage.day(createdAt: "2026-12-04T00:30:00+09:00", latestBookingDate: "2026-12-03", importedOn: "2026-12-03") == "2026-12-03",
                "a day ahead is the bank's time zone")
    }

    @Test("a creation time that is not a date counts for nothing; a file telling no day covers nothing")
    func unreadableCreationTime() {
        #expect(StatementCoverage.day(createdAt: "yesterday", latestBookingDate: "2026-11-20", importedOn: "2026-12-03") == "2026-11-20")
        #expect(StatementCoverage.day(createdAt: "", latestBookingDate: nil, importedOn: "2026-12-03") == nil)
    }
}
