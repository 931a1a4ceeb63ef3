import LetsChatCore
import Testing
@testable import TUI

@Suite struct DayLineTests {
    private func day(_ iso: String, offsetHours: Int = 0) -> Int {
        DayLine.day(of: Timestamp(iso8601: iso)!, utcOffsetSeconds: offsetHours * 3600)
    }

    @Test func namesTheWeekdayDayMonthAndYear() {
        #expect(DayLine.text(day: day("2026-12-01T12:00:00Z")) == "-- Tuesday 1 December 2026 --")
        #expect(DayLine.text(day: day("2027-01-31T00:00:00Z")) == "-- Sunday 31 January 2027 --")
        #expect(DayLine.text(day: day("1969-12-31T23:59:59Z")) == "-- Wednesday 31 December 1969 --")
    }

    @Test func theDayIsTheLocalOne() {
        #expect(day("2026-12-02T03:00:00Z", offsetHours: -5) == day("2026-12-01T12:00:00Z"))
        #expect(day("2026-12-01T23:00:00Z", offsetHours: 2) == day("2026-12-02T12:00:00Z"))
    }

    @Test func aDayLineIsDimAndHasNoTime() {
        let line = DayLine.line(day: day("2026-12-01T12:00:00Z"))
        #expect(line.plainText(utcOffsetSeconds: 0) == "-- Tuesday 1 December 2026 --")
        #expect(line.segments(utcOffsetSeconds: 0).map(\.style) == [.dim])
    }
}
