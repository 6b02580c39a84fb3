import Foundation
@testable import KontorDomain
import Testing

@Suite("Calendar days by arithmetic")
struct CivilDayTests {
    @Test("day numbers and texts agree with Foundation's Gregorian calendar over four centuries and back")
    func agreesWithCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = try #require(calendar.date(from: DateComponents(year: 1899, month: 12, day: 25)))
        for _ in 0..<(400 * 365 / 7) {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            let number = try #require(CivilDay.number(text))
            #expect(number == Int(date.timeIntervalSince1970 / 86_400), "\(text)")
            #expect(CivilDay.text(number) == text)
            date = date.addingTimeInterval(7 * 86_400)
        }
    }

    @Test("a day past the month's end runs on, as DateComponents does; other text is not a day")
    func edges() {
        #expect(CivilDay.number("2026-02-30") == CivilDay.number("2026-03-02"))
        #expect(CivilDay.text(CivilDay.number("2024-02-28")! + 1) == "2024-02-29")
        #expect(CivilDay.text(CivilDay.number("2100-02-28")! + 1) == "2100-03-01")
        for text in ["2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-0x"] { #expect(CivilDay.number(text) == nil, "\(text)") }
    }
}
