import LetsChatCore
import Testing
@testable import TUI

@Suite struct ChatSessionTests {
    @Test func connectingAsksToRegisterWithTheGivenNick() {
        var driver = SessionDriver()
        #expect(driver.network(.connected) == [.register("alice")])
        #expect(driver.statusBar.contains("registering…"))
    }

    @Test func registrationThenJoinAndNamesFillTheUserList() throws {
        var driver = SessionDriver()
        _ = driver.network(.connected)
        _ = try driver.receive(":srv 001 alice :Welcome to LetsChat")
        #expect(driver.session.connection == .connected)
        #expect(driver.statusBar.contains("connected"))
        _ = try driver.receive(":alice!alice@127.0.0.1 JOIN #letschat")
        _ = try driver.receive(":srv 353 alice = #letschat :@bob alice")
        _ = try driver.receive(":srv 353 alice = #letschat :+carol")
        _ = try driver.receive(":srv 366 alice #letschat :End of /NAMES list")
        #expect(driver.session.users.nicks == ["alice", "bob", "carol"])
        let sidebar = driver.screen.map { String($0.dropFirst(driver.session.currentLayout.sidebar.x)) }
        #expect(Array(sidebar.prefix(4)) == ["Users (3)", "alice", "bob", "carol"])
    }

    @Test func partQuitAndNickUpdateTheUserList() throws {
        var driver = SessionDriver()
        try driver.join(with: ["bob", "carol", "dave"])
        _ = try driver.receive(":bob!bob@h PART #letschat :lunch")
        _ = try driver.receive(":carol!carol@h QUIT :Quit: bye")
        _ = try driver.receive(":dave!dave@h NICK :david")
        #expect(driver.session.users.nicks == ["alice", "david"])
        #expect(driver.pane.suffix(3) == ["20:00 -!- bob has left (lunch)", "20:00 -!- carol has quit (Quit: bye)",
                                          "20:00 -!- dave is now known as david"])
    }

    @Test func anOwnNickChangeRenamesTheUserAndThePrompt() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.type("/nick alicia").contains(.send("NICK alicia")))
        _ = try driver.receive(":alice!alice@h NICK :alicia")
        #expect(driver.session.nick == "alicia")
        #expect(driver.session.users.nicks == ["alicia", "bob"])
        #expect(driver.inputLine.hasPrefix("[alicia] "))
    }

    @Test func anOwnMessageIsSentToTheRoomAndDrawnGreen() throws {
        var driver = SessionDriver()
        try driver.join()
        let effects = driver.type("hello bob")
        #expect(driver.sends(effects) == ["PRIVMSG #letschat :hello bob"])
        #expect(driver.pane.last == "20:00 <alice> hello bob")
        let row = try #require(driver.frame.rows.first { $0.row.text.contains("hello bob") })
        #expect(row.row.segments.map(\.text) == ["20:00 ", "<alice> hello bob"])
        #expect(row.row.segments.map(\.style) == [.time, .own])
    }

    @Test func anotherUsersMessageIsNotGreen() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :hi alice's friend")
        let row = try #require(driver.frame.rows.first { $0.row.text.contains("<bob>") })
        #expect(!row.row.segments.contains { $0.style == .own })
    }

    @Test func messagesTypedWhileOfflineAreKeptAndSentAfterTheNext001() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.network(.disconnected(reason: "the server closed the connection"))
        #expect(driver.sends(driver.type("first")).isEmpty)
        #expect(driver.sends(driver.type("second")).isEmpty)
        #expect(driver.statusBar.contains("2 unsent"))
        #expect(driver.network(.connected) == [.register("alice")])
        #expect(driver.sends(try driver.receive(":srv 001 alice :Welcome back"))
            == ["PRIVMSG #letschat :first", "PRIVMSG #letschat :second"])
        #expect(driver.session.pendingMessages.isEmpty)
        #expect(!driver.statusBar.contains("unsent"))
        #expect(driver.pane.suffix(3) == ["20:00 -- Reconnected.", "20:00 <alice> first", "20:00 <alice> second"])
    }

    @Test func aMessageTypedWhileRegisteringWaitsFor001() throws {
        var driver = SessionDriver()
        _ = driver.network(.connected)
        #expect(driver.sends(driver.type("early")).isEmpty)
        #expect(driver.sends(try driver.receive(":srv 001 alice :Welcome")) == ["PRIVMSG #letschat :early"])
    }

    @Test func aTimeTagOlderThanTheConnectionMarksHistory() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = try driver.receive("@time=2026-11-26T19:00:00.000Z :bob!bob@history PRIVMSG #letschat :from before")
        _ = try driver.receive("@time=2026-11-26T20:00:00.000Z :bob!bob@h PRIVMSG #letschat :just now")
        let lines = driver.session.scrollback.lines.filter { $0.nick == "bob" }
        #expect(lines.map(\.text) == ["from before", "just now"])
        #expect(lines.map(\.isHistory) == [true, false])
        #expect(driver.pane.suffix(2) == ["19:00 <bob> from before", "20:00 <bob> just now"])
    }

    @Test func aReconnectionShowsOnlyTheHistoryThatWasMissed() throws {
        let replay = ["@time=2026-11-26T19:00:00.000Z :bob!bob@history PRIVMSG #letschat :from before",
                      "@time=2026-11-26T19:30:00.000Z :srv NOTICE #letschat :carol joined the chat"]
        var driver = SessionDriver()
        try driver.join()
        for line in replay { _ = try driver.receive(line) }
        _ = try driver.receive("@time=2026-11-26T20:00:00.000Z :bob!bob@h PRIVMSG #letschat :just now")
        _ = driver.network(.disconnected(reason: "the server closed the connection"))
        driver.now = Timestamp(iso8601: "2026-11-26T20:05:00.000Z")!
        try driver.join()
        for line in replay { _ = try driver.receive(line) }
        _ = try driver.receive("@time=2026-11-26T20:00:00.000Z :bob!bob@history PRIVMSG #letschat :just now")
        _ = try driver.receive("@time=2026-11-26T20:02:00.000Z :bob!bob@history PRIVMSG #letschat :while you were away")
        let texts = driver.session.scrollback.lines.map(\.text)
        for text in ["from before", "carol joined the chat", "just now"] {
            #expect(texts.filter { $0 == text }.count == 1, "\(text) is not shown exactly once")
        }
        #expect(texts.last == "while you were away")
    }

    @Test func aReconnectionDoesNotRepeatOwnLines() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.type("last words")
        _ = driver.network(.disconnected(reason: "the server closed the connection"))
        driver.now = Timestamp(iso8601: "2026-11-26T20:05:00.000Z")!
        try driver.join()
        _ = try driver.receive("@time=2026-11-26T20:00:00.000Z :alice!alice@history PRIVMSG #letschat :last words")
        #expect(driver.session.scrollback.lines.filter { $0.text == "last words" }.count == 1)
    }

    @Test func aMentionOfTheOwnNickRingsTheBell() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(try driver.receive(":bob!bob@h PRIVMSG #letschat :Alice: lunch?").contains(.bell))
        #expect(try !driver.receive(":bob!bob@h PRIVMSG #letschat :malice aforethought").contains(.bell))
        #expect(!driver.type("I am alice").contains(.bell))
    }

    @Test func aMentionInHistoryDoesNotRingTheBell() throws {
        var driver = SessionDriver()
        try driver.join()
        let effects = try driver.receive("@time=2026-11-26T19:00:00.000Z :bob!bob@history PRIVMSG #letschat :alice?")
        #expect(!effects.contains(.bell))
    }

    @Test(arguments: [("/quit", "leaving"), ("/quit see you", "see you"), ("exit", "leaving"), ("  exit ", "leaving")])
    func quitCommandsQuit(typed: String, reason: String) throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.type(typed) == [.quit(reason)])
    }

    @Test func ctrlCQuitsEvenWithTextInTheInputLine() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.press(.character("x"))
        #expect(driver.press(.ctrl("c")) == [.quit("leaving")])
    }

    @Test func ctrlDQuitsOnlyOnAnEmptyLine() {
        var driver = SessionDriver()
        _ = driver.press(.character("x"))
        #expect(driver.press(.ctrl("d")).isEmpty)
        _ = driver.press(.backspace)
        #expect(driver.press(.ctrl("d")) == [.quit("leaving")])
    }

    @Test func anUnknownCommandIsAnsweredLocallyAndNeverSent() throws {
        var driver = SessionDriver()
        try driver.join()
        let effects = driver.type("/frobnicate now")
        #expect(driver.sends(effects).isEmpty)
        #expect(!effects.contains { if case .log = $0 { true } else { false } })
        #expect(driver.pane.last == "!! Unknown command /frobnicate (not sent). Type /help for the list.")
    }

    @Test func aDoubleSlashSendsTheTextWithOneSlash() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.sends(driver.type("//frobnicate")) == ["PRIVMSG #letschat :/frobnicate"])
    }

    @Test func helpListsEveryCommandAndEveryKeyBinding() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.type("/help").isEmpty)
        // The pane holds more than one screen of help now; read its lines, not the screen.
        let shown = driver.session.scrollback.lines.map { $0.plainText(utcOffsetSeconds: 0) }
        for spec in SlashCommand.table {
            #expect(shown.contains { $0.hasPrefix("--   \(spec.usage) ") }, "help misses \(spec.usage)")
        }
        for line in KeyBinding.helpLines {
            #expect(shown.contains("--   \(line)"), "help misses the key line \(line)")
        }
    }

    @Test func aMultiLinePasteWaitsForEnterThenSendsOneMessagePerLine() throws {
        var driver = SessionDriver()
        try driver.join()
        var effects = driver.press(.pasteStart)
        for key in "one\ntwo\n\nthree\n" { effects += driver.press(key == "\n" ? .enter : .character(key)) }
        effects += driver.press(.pasteEnd)
        #expect(driver.sends(effects).isEmpty)
        #expect(driver.pane.contains("-- Paste of 4 lines. Enter sends them as 4 messages; Ctrl-U or Esc discards them:"))
        #expect(driver.sends(driver.press(.enter))
            == ["PRIVMSG #letschat :one", "PRIVMSG #letschat :two", "PRIVMSG #letschat :three"])
        #expect(driver.sends(driver.press(.enter)).isEmpty)
    }

    @Test func ctrlUDiscardsAPendingPaste() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.press(.pasteStart, .character("a"), .enter, .character("b"), .pasteEnd)
        _ = driver.press(.ctrl("u"))
        #expect(driver.pane.last == "-- Paste discarded.")
        #expect(driver.sends(driver.press(.enter)).isEmpty)
    }

    @Test func aOneLinePasteLandsInTheInputLine() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.press(.pasteStart, .character("h"), .character("i"), .enter, .pasteEnd)
        #expect(driver.session.input.text == "hi")
        #expect(driver.sends(driver.press(.enter)) == ["PRIVMSG #letschat :hi"])
    }

    @Test func f2TogglesTheSidebar() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.screen[0].contains("Users (2)"))
        _ = driver.press(.function(2))
        #expect(!driver.screen.contains { $0.contains("Users (") })
        #expect(driver.frame.separator == nil)
        _ = driver.press(.function(2))
        #expect(driver.screen[0].contains("Users (2)"))
    }

    @Test func aHopelessDisconnectSaysWhyAndThatNoReconnectFollows() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.network(.gaveUp(reason: "the server refused the password in LETSCHAT_PASSWORD"))
        #expect(driver.statusBar.contains("disconnected"))
        #expect(!driver.statusBar.contains("reconnecting"))
        let shown = driver.session.scrollback.lines.last?.text ?? ""
        #expect(shown.contains("Not reconnecting: the server refused the password"))
    }

    @Test func theStatusBarCountsDownToTheNextReconnect() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.network(.disconnected(reason: "the server closed the connection"))
        #expect(driver.statusBar.contains("disconnected"))
        _ = driver.network(.reconnecting(seconds: 4.2))
        #expect(driver.statusBar.contains("reconnecting in 5s"))
        driver.clock += 2
        #expect(driver.statusBar.contains("reconnecting in 3s"))
        driver.clock += 10
        #expect(driver.statusBar.contains("reconnecting in 0s"))
    }

    @Test func aDisconnectIsReportedOnceAcrossFailedAttempts() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.network(.disconnected(reason: "the server closed the connection"))
        _ = driver.network(.reconnecting(seconds: 1))
        _ = driver.network(.disconnected(reason: "connection refused"))
        _ = driver.network(.reconnecting(seconds: 2))
        #expect(driver.pane.filter { $0.contains("Disconnected") }.count == 1)
    }

    @Test func scrolledBackTheStatusBarCountsNewLinesBelow() throws {
        var driver = SessionDriver()
        try driver.join()
        for index in 0..<60 { _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :line \(index)") }
        _ = driver.press(.pageUp)
        #expect(driver.statusBar.contains("scrolled back (End)"))
        #expect(!driver.pane.contains("20:00 <bob> line 59"))
        for index in 60..<63 { _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :line \(index)") }
        #expect(driver.statusBar.contains("▼ 3 new below (End)"))
        _ = driver.press(.end)
        #expect(!driver.statusBar.contains("new below"))
        #expect(driver.pane.last == "20:00 <bob> line 62")
    }

    @Test func theNicknamePromptOffersTheSuggestionAndRegistersOnEnter() {
        var driver = SessionDriver(nick: nil)
        #expect(driver.inputLine == "Nickname: guest")
        #expect(driver.statusBar.contains("choose a nickname"))
        #expect(driver.network(.connected).isEmpty)
        #expect(driver.press(.enter) == [.register("guest")])
        #expect(driver.session.nick == "guest")
        #expect(!driver.session.askingNick)
        #expect(driver.inputLine == "[guest] ")
    }

    @Test func theNicknamePromptRejectsAnInvalidNick() {
        var driver = SessionDriver(nick: nil)
        _ = driver.press(.ctrl("u"))
        #expect(driver.type("9lives").isEmpty)
        #expect(driver.session.askingNick)
        #expect(driver.session.nick == nil)
        #expect(driver.pane.contains { $0.hasPrefix("!! \"9lives\" cannot be a nickname") })
        #expect(driver.inputLine == "Nickname: 9lives")
        _ = driver.press(.ctrl("u"))
        #expect(driver.type("nine") == [.register("nine")])
    }

    @Test func aShortNameInASentMessageOrActionGoesOutAsTheEmoji() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.sends(driver.type("lunch at 12:30 :thumbs_up: :nosuchname:"))
                == ["PRIVMSG #letschat :lunch at 12:30 \u{1F44D} :nosuchname:"])
        #expect(driver.pane.last == "20:00 <alice> lunch at 12:30 \u{1F44D} :nosuchname:")
        #expect(driver.sends(driver.type("/me :red_heart: it"))
                == ["PRIVMSG #letschat :\u{1}ACTION \u{2764}\u{FE0F} it\u{1}"])
    }

    @Test func emojiListsTheMatchesWithTheirNamesInOneColumn() throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(driver.type("/emoji thumbs").isEmpty)
        #expect(driver.pane.suffix(3) == ["-- Emoji matching \"thumbs\" (type :name: or :thumbs and Tab):",
                                          "--   \u{1F44D}  :thumbs_up:", "--   \u{1F44E}  :thumbs_down:"])
        _ = driver.type("/emoji heart")
        let rows = driver.pane.filter { $0.hasSuffix(":red_heart:") || $0.hasSuffix(":heart_suit:") }
        #expect(rows.count == 2)
        #expect(Set(rows.map { DisplayWidth.of($0) - DisplayWidth.of($0.drop { $0 != ":" }) }).count == 1,
                "names not in one column: \(rows)")
        #expect(driver.type("/emoji zzzzzz").isEmpty)
        #expect(driver.pane.last == "-- No emoji name matches \"zzzzzz\".")
    }
}

@Suite struct ChatSessionSecurityTests {
    @Test func theStatusBarSaysPlainUntilTheConnectionIsEncrypted() throws {
        var driver = SessionDriver()
        #expect(driver.statusBar.hasPrefix(" [127.0.0.1:55556] #letschat │ plain │ "))
        _ = driver.network(.security(encrypted: true))
        try driver.join()
        #expect(driver.statusBar.hasPrefix(" [127.0.0.1:55556] #letschat │ 🔒 TLS │ connected"))
        _ = driver.network(.security(encrypted: false))
        #expect(driver.statusBar.contains("│ plain │"))
    }

    @Test func theLockTakesTwoColumnsSoALongStatusBarStillFitsTheWidth() throws {
        var driver = SessionDriver()
        _ = driver.network(.security(encrypted: true))
        try driver.join()
        _ = try driver.receive(":srv 332 alice #letschat :" + String(repeating: "topic ", count: 30))
        let status = try #require(driver.frame.rows.first { $0.y == driver.session.currentLayout.status.y })
        #expect(status.row.width == 100)
        #expect(status.row.text.hasSuffix("…"))
    }
}
