import LetsChatCore
import Testing
@testable import TUI

/// How server lines reach the pane: the greeting, replayed history.
@Suite struct ChatSessionServerLinesTests {
    private let greeting = [":srv 002 alice :Your host is srv", ":srv 003 alice :This server was created today",
                            ":srv 375 alice :- srv Message of the day -", ":srv 372 alice :- be kind",
                            ":srv 376 alice :End of /MOTD command"]

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
