import LetsChatCore
import Testing
@testable import TUI

@Suite struct ChatSessionTypingTests {
    private let active = "@+typing=active TAGMSG #letschat"
    private let paused = "@+typing=paused TAGMSG #letschat"
    private let done = "@+typing=done TAGMSG #letschat"

    private func joined(granting capabilities: String? = "server-time message-tags") throws -> SessionDriver {
        var driver = SessionDriver()
        try driver.join(granting: capabilities)
        return driver
    }

    @Test func typingSendsActiveAtOnceThenPausedAfterSixSecondsWithoutAKey() throws {
        var driver = try joined()
        #expect(driver.typingNotices(driver.typeWithoutSending("hel")) == [active])
        driver.clock += 1
        #expect(driver.typingNotices(driver.typeWithoutSending("lo")) == [], "at most one active every 3 s")
        #expect(driver.session.nextDeadline == driver.clock + 2)
        driver.clock += 2
        #expect(driver.typingNotices(driver.session.tick(clock: driver.clock)) == [active],
                "keys since the last active are announced again")
        #expect(driver.session.nextDeadline == driver.clock - 2 + 6)
        driver.clock += 4
        #expect(driver.typingNotices(driver.session.tick(clock: driver.clock)) == [paused],
                "six seconds after the last key")
        #expect(driver.session.nextDeadline == nil, "nothing more is due, so the idle client sleeps")
    }

    @Test func emptyingTheLineWithoutSendingSendsDone() throws {
        var driver = try joined()
        _ = driver.typeWithoutSending("hi")
        #expect(driver.typingNotices(driver.press(.backspace)) == [])
        #expect(driver.typingNotices(driver.press(.backspace)) == [done])
        #expect(driver.session.nextDeadline == nil)
    }

    @Test func sendingTheMessageEndsTypingWithoutADone() throws {
        var driver = try joined()
        _ = driver.typeWithoutSending("hi")
        let effects = driver.press(.enter)
        #expect(driver.sends(effects) == ["PRIVMSG #letschat :hi"])
        #expect(driver.typingNotices(effects) == [])
        #expect(driver.session.nextDeadline == nil)
    }

    @Test func messageTagsGrantedAfterTheWelcomeStillCounts() throws {
        var driver = try joined(granting: nil)
        #expect(driver.typingNotices(driver.typeWithoutSending("hel")) == [])
        _ = try driver.receive(":srv CAP alice ACK :server-time message-tags")
        #expect(driver.typingNotices(driver.typeWithoutSending("lo")) == [active])
        _ = try driver.receive("@+typing=active :bob!bob@127.0.0.1 TAGMSG #letschat")
        #expect(driver.typingRow.hasPrefix("bob is typing…"))
    }

    @Test func aCommandIsNotAnnouncedAsTyping() throws {
        var driver = try joined()
        #expect(driver.typingNotices(driver.typeWithoutSending("/who")) == [])
    }

    @Test func nothingIsSentWhenTheServerDidNotGrantMessageTags() throws {
        var driver = try joined(granting: "server-time")
        #expect(driver.typingNotices(driver.typeWithoutSending("hello")) == [])
        #expect(driver.session.nextDeadline == nil)
        #expect(driver.inputLine.hasPrefix("[alice] hello"))
        #expect(driver.statusBar.contains("#letschat"), "no typing row: the status bar stays right above the input")
    }

    @Test func typingOffSendsNothingButOthersTypingIsStillShown() throws {
        var driver = try joined()
        _ = driver.type("/typing off")
        #expect(driver.pane.joined(separator: " ").contains("Typing notices off"))
        #expect(driver.typingNotices(driver.typeWithoutSending("secret")) == [])
        _ = try driver.receive("@+typing=active :bob!bob@127.0.0.1 TAGMSG #letschat")
        #expect(driver.typingRow.hasPrefix("bob is typing…"))
        _ = driver.press(.ctrl("u"))
        _ = driver.type("/typing on")
        #expect(driver.typingNotices(driver.typeWithoutSending("hi")) == [active])
    }

    @Test func typingOffOutlastsAReconnection() throws {
        var driver = SessionDriver()
        driver.session.typingNotifier.setEnabled(false)
        try driver.join(granting: "message-tags")
        _ = driver.network(.disconnected(reason: "gone"))
        try driver.join(granting: "message-tags")
        #expect(driver.typingNotices(driver.typeWithoutSending("hi")) == [])
    }

    @Test func othersTypingShowsAboveTheInputLineUntilItRunsOut() throws {
        var driver = try joined()
        #expect(driver.screen[27] == driver.statusBar, "the status bar moved up to make room for the typing row")
        #expect(driver.typingRow.trimmingCharacters(in: .whitespaces).isEmpty)
        _ = try driver.receive("@+typing=active :bob!bob@127.0.0.1 TAGMSG #letschat")
        #expect(driver.typingRow.hasPrefix("bob is typing…"))
        #expect(driver.inputLine.hasPrefix("[alice]"))
        #expect(driver.session.nextDeadline == driver.clock + 6)
        driver.clock += 6
        _ = driver.session.tick(clock: driver.clock)
        #expect(driver.typingRow.trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(driver.session.nextDeadline == nil)
    }

    @Test func aMessageFromTheTypistClearsTheTypingRow() throws {
        var driver = try joined()
        _ = try driver.receive("@+typing=active :bob!bob@127.0.0.1 TAGMSG #letschat")
        _ = try driver.receive("@+typing=paused :carol!carol@127.0.0.1 TAGMSG #letschat")
        #expect(driver.typingRow.hasPrefix("bob and carol are typing…"))
        _ = try driver.receive(":bob!bob@127.0.0.1 PRIVMSG #letschat :hello")
        #expect(driver.typingRow.hasPrefix("carol is typing…"))
        #expect(driver.pane.last?.contains("hello") == true)
    }

    @Test func aLostConnectionForgetsWhoWasTyping() throws {
        var driver = try joined()
        _ = try driver.receive("@+typing=paused :bob!bob@127.0.0.1 TAGMSG #letschat")
        _ = driver.network(.disconnected(reason: "gone"))
        #expect(driver.typingRow.trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(driver.session.nextDeadline == nil)
    }
}
