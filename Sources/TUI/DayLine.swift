import LetsChatCore

/// The row the message pane shows where the local date changes: `-- Tuesday 1 December 2026 --`.
///
/// Lines show only `HH:MM`, so without it replayed history from an earlier day reads as today's.
enum DayLine {
    private static let weekdays = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]

    /// The local day of `time` (days since 1970-01-01) in a time zone `utcOffsetSeconds` east of UTC.
    static func day(of time: Timestamp, utcOffsetSeconds: Int) -> Int {
        let seconds = time.milliseconds.floorDiv(1000) + Int64(utcOffsetSeconds)
        return Int(seconds.floorDiv(86_400))
    }

    /// The pane's line for local day `day`.
    static func line(day: Int) -> ChatLine {
        ChatLine(kind: .day, text: text(day: day))
    }

    /// `-- Tuesday 1 December 2026 --` for local day `day`.
    static func text(day: Int) -> String {
        let date = Timestamp(milliseconds: Int64(day) * 86_400_000).fields
        // 1970-01-01, day 0, was a Thursday.
        let weekday = weekdays[(day % 7 + 7) % 7]
        return "-- \(weekday) \(date.day) \(months[date.month - 1]) \(date.year) --"
    }
}

private extension Int64 {
    /// Division rounding towards minus infinity, so instants before 1970 fall on the right day.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }
}
