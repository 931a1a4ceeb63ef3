import LetsChatCore
import Testing

struct TimestampTests {
    @Test func formatsTheEpoch() {
        #expect(Timestamp(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
    }

    @Test func formatsAKnownInstantToTheMillisecond() {
        // date -u -d @1795725961 → Thu Nov 26 20:46:01 UTC 2026
        #expect(Timestamp(milliseconds: 1_795_725_961_123).iso8601 == "2026-11-26T20:46:01.123Z")
        #expect(Timestamp(milliseconds: 1_795_725_961_123).minuteText == "2026-11-26 20:46")
    }

    @Test func formatsTheLeapDay() {
        // 2024-02-29T12:00:00Z is 19782 days and 12 hours after the epoch.
        #expect(Timestamp(milliseconds: (19_782 * 86_400 + 43_200) * 1000).iso8601 == "2024-02-29T12:00:00.000Z")
    }

    @Test func formatsInstantsBeforeTheEpoch() {
        #expect(Timestamp(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: -86_400_000).iso8601 == "1969-12-31T00:00:00.000Z")
        #expect(Timestamp(milliseconds: -1_000).iso8601 == "1969-12-31T23:59:59.000Z")
        // 1900-03-01 is 25508 days before the epoch; 1900 is not a leap year.
        #expect(Timestamp(milliseconds: -25_508 * 86_400_000).iso8601 == "1900-03-01T00:00:00.000Z")
    }

    @Test(arguments: [
        "1970-01-01T00:00:00.000Z", "2024-02-29T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "2000-02-29T06:07:08.009Z",
        "1969-12-31T23:59:59.999Z", "1900-01-01T00:00:00.000Z", "1600-02-29T00:00:00.000Z", "0001-01-01T00:00:00.000Z",
        "2026-11-26T20:46:01.123Z", "9999-12-31T23:59:59.999Z",
    ])
    func parsesWhatItFormats(text: String) {
        #expect(Timestamp(iso8601: text)?.iso8601 == text)
    }

    @Test func roundTripsEveryDayAcrossALeapYearAndTheEpoch() {
        for day in Int64(-800)...800 {
            let stamp = Timestamp(milliseconds: day * 86_400_000 + 3_723_004)
            #expect(Timestamp(iso8601: stamp.iso8601) == stamp, "\(stamp.iso8601)")
        }
    }

    @Test func readsOneTwoThreeOrSixFractionalDigits() {
        let base = Timestamp(iso8601: "2024-02-29T10:20:30Z")
        #expect(base != nil)
        #expect(Timestamp(iso8601: "2024-02-29T10:20:30.5Z")?.milliseconds == base.map { $0.milliseconds + 500 })
        #expect(Timestamp(iso8601: "2024-02-29T10:20:30.25Z")?.milliseconds == base.map { $0.milliseconds + 250 })
        #expect(Timestamp(iso8601: "2024-02-29T10:20:30.125Z")?.milliseconds == base.map { $0.milliseconds + 125 })
        #expect(Timestamp(iso8601: "2024-02-29T10:20:30.987654Z")?.milliseconds == base.map { $0.milliseconds + 987 })
    }

    @Test func readsTheIRCv3TimeTagFormWithoutFraction() {
        #expect(Timestamp(iso8601: "1970-01-01T00:00:01Z")?.milliseconds == 1000)
    }

    @Test(arguments: [
        "", "2024-02-29", "2024-02-29T10:20:30", "2024-02-29T10:20:30.123", "2024-02-29 10:20:30.123Z",
        "2024-02-29T10:20:30.Z", "2024-02-29T10:20:30.12aZ", "2024-02-29T10:20:30,123Z", "2024-02-29T10:20:30.123z",
        "2024-02-29T10:20:30.123+00:00", "2024-02-29T10:20:30.123Z ", " 2024-02-29T10:20:30.123Z",
        "24-02-29T10:20:30.123Z", "2024-2-29T10:20:30.123Z", "2024/02/29T10:20:30.123Z", "2024-02-29T10-20-30.123Z",
        "2024-13-01T00:00:00.000Z", "2024-00-10T00:00:00.000Z", "2024-01-00T00:00:00.000Z", "2024-01-32T00:00:00.000Z",
        "2024-01-01T24:00:00.000Z", "2024-01-01T00:60:00.000Z", "2024-01-01T00:00:61.000Z", "-024-01-01T00:00:00.000Z",
        "2023-02-29T00:00:00.000Z", "2024-02-30T00:00:00.000Z", "2024-04-31T00:00:00.000Z", "1900-02-29T00:00:00.000Z",
    ])
    func rejectsMalformedText(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func readsALeapSecondAsTheFirstSecondOfTheNextDay() {
        #expect(Timestamp(iso8601: "2016-12-31T23:59:60.500Z")?.iso8601 == "2017-01-01T00:00:00.500Z")
    }

    @Test func ordersByInstant() {
        #expect(Timestamp(milliseconds: -1) < Timestamp(milliseconds: 0))
        #expect(Timestamp(iso8601: "2024-02-29T00:00:00Z")! < Timestamp(iso8601: "2024-03-01T00:00:00Z")!)
    }
}
