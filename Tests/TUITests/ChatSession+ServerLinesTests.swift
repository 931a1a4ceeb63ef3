import LetsChatCore
import Testing
@testable import TUI

/// How server lines reach the pane: day lines, the greeting, replayed history.
@Suite struct ChatSessionServerLinesTests {
    private let greeting = [":srv 002 alice :Your host is srv", ":srv 003 alice :This server was created today",
                            ":srv 375 alice :- srv Message of the day -", ":srv 372 alice :- be kind",
                            ":srv 376 alice :End of /MOTD command"]

    @Test func replayedLinesFromEarlierDaysAreHeadedByTheirDate() throws {
        var driver = SessionDriver()
        driver.now = Timestamp(iso8601: "2026-12-06T10:00:00.000Z")!
        try driver.join()
        for line in ["@time=2026-12-01T18:00:00.000Z :bob!bob@h PRIVMSG #letschat :tuesday evening",
                     "@time=2026-12-01T19:00:00.000Z :bob!bob@h PRIVMSG #letschat :still tuesday",
                     "@time=2026-12-05T09:00:00.000Z :bob!bob@h PRIVMSG #letschat :saturday"] {
            _ = try driver.receive(line)
        }
        _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :today")
        #expect(driver.pane.suffix(7) == ["-- Tuesday 1 December 2026 --", "18:00 <bob> tuesday evening",
                                          "19:00 <bob> still tuesday", "-- Saturday 5 December 2026 --",
                                          "09:00 <bob> saturday", "-- Sunday 6 December 2026 --", "10:00 <bob> today"])
    }

    @Test func todaysLinesHaveNoDayLine() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = try driver.receive("@time=2026-11-26T08:00:00.000Z :bob!bob@h PRIVMSG #letschat :this morning")
        _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :now")
        #expect(!driver.pane.contains { $0.hasPrefix("-- ") && $0.hasSuffix(" --") })
    }

    @Test func theFirstLineAfterMidnightIsHeadedByTheNewDay() throws {
        var driver = SessionDriver()
        driver.now = Timestamp(iso8601: "2026-12-01T23:59:00.000Z")!
        try driver.join()
        _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :good night")
        driver.now = Timestamp(iso8601: "2026-12-02T00:01:00.000Z")!
        _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :still up")
        #expect(driver.pane.suffix(3) == ["23:59 <bob> good night", "-- Wednesday 2 December 2026 --",
                                          "00:01 <bob> still up"])
    }

    @Test func dayLinesFollowTheLocalTimeZone() throws {
        var driver = SessionDriver()
        driver.session.utcOffsetSeconds = -5 * 3600
        driver.now = Timestamp(iso8601: "2026-12-02T04:00:00.000Z")!
        try driver.join()
        // 12:00 UTC on the 1st is 07:00 on the 1st in New York, the same local day as now (23:00 on the 1st).
        _ = try driver.receive("@time=2026-12-01T12:00:00.000Z :bob!bob@h PRIVMSG #letschat :morning")
        #expect(!driver.session.scrollback.lines.contains { $0.kind == .day })
        _ = try driver.receive("@time=2026-11-30T12:00:00.000Z :bob!bob@h PRIVMSG #letschat :monday")
        #expect(driver.session.scrollback.lines.last { $0.kind == .day }?.text == "-- Monday 30 November 2026 --")
    }

    @Test func aReconnectionShowsNeitherTheGreetingNorTheReplayAgain() throws {
        let replay = ["@time=2026-11-26T19:00:00.000Z :bob!bob@h PRIVMSG #letschat :from before",
                      "@time=2026-11-26T19:30:00.000Z :bob!bob@h PRIVMSG #letschat :also before"]
        var driver = SessionDriver()
        try driver.join()
        for line in greeting + replay { _ = try driver.receive(line) }
        _ = driver.network(.disconnected(reason: "the server closed the connection"))
        driver.now = Timestamp(iso8601: "2026-11-26T20:05:00.000Z")!
        try driver.join()
        for line in greeting + replay { _ = try driver.receive(line) }
        let texts = driver.session.scrollback.lines.map(\.text)
        for text in ["Your host is srv", "This server was created today", "- be kind", "End of /MOTD command",
                     "from before", "also before"] {
            #expect(texts.filter { $0 == text }.count == 1, "\(text) is not shown exactly once")
        }
        #expect(texts.contains("Reconnected."))
    }

    @Test func aServerWithoutAMOTDGreetsOnce() throws {
        var driver = SessionDriver()
        for _ in 0..<2 {
            try driver.join()
            _ = try driver.receive(":srv 002 alice :Your host is srv")
            _ = try driver.receive(":srv 422 alice :MOTD File is missing")
        }
        #expect(driver.pane.filter { $0.contains("MOTD File is missing") }.count == 1)
        #expect(driver.pane.filter { $0.contains("Your host is srv") }.count == 1)
    }
}
