import Foundation
import LetsChatCore
import Testing

/// The history file: its format, replay to newcomers after a restart, torn lines and the replay count.
@Suite struct HistoryStoreTests {
    private let channel = TestServer.channel

    @Test func everyRoomEventIsWrittenAsOneLineInTheDocumentedFormat() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            try withServer(historyPath: path) { server in
                let alice = try server.ircClient("alice")
                let bob = try server.ircClient("bob")
                try alice.irc("PRIVMSG \(channel) :hello, world")
                try alice.irc("PRIVMSG \(channel) :\u{1}ACTION waves\u{1}")
                try alice.irc("PRIVMSG \(channel) :C:\\temp")
                try alice.irc("NICK alicia")
                try alice.irc("TOPIC \(channel) :History: kept")
                // Sessions run on their own threads: let alice's commands land before bob leaves.
                _ = try alice.linesUntilPong()
                try bob.irc("QUIT :bye")
                // Events reach the file before anyone is sent them.
                try alice.expectIRC("bob's QUIT") { $0.command == "QUIT" }

                let lines = try HistoryStoreTests.lines(of: path)
                let shape = try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z(#[0-9a-z]{16})? [A-Z]+ [^ ]+( .*)?$"#)
                for line in lines {
                    #expect(line.wholeMatch(of: shape) != nil, "\(line)")
                }
                let messageShape = try Regex(#"^[^ ]+Z#[0-9a-z]{16} (MSG|ACTION) .*$"#)
                #expect(lines.filter { $0.wholeMatch(of: messageShape) != nil }.count == 3, "every message has its msgid")
                #expect(lines.contains { $0.hasSuffix(" MSG alice hello, world") })
                #expect(lines.contains { $0.hasSuffix(" MSG alice C:\\\\temp") })
                let events = lines.compactMap { HistoryLine.parse($0) }
                #expect(events.count == lines.count)
                let summary = events.map { "\($0.kind.rawValue) \($0.nick) \($0.text)" }
                #expect(summary == [
                    "JOIN alice ", "JOIN bob ", "MSG alice hello, world", "ACTION alice waves", "MSG alice C:\\temp",
                    "NICK alice alicia", "TOPIC alicia History: kept", "LEAVE bob Quit: bye",
                ])
                #expect(zip(events, events.dropFirst()).allSatisfy { $0.time < $1.time })
            }
        }
    }

    @Test func aNewcomerAfterARestartIsReplayedRecentEventsInItsOwnForm() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            try withServer(historyPath: path) { server in
                let alice = try server.ircClient("alice")
                let watcher = try server.ircClient("watcher")
                try alice.irc("PRIVMSG \(channel) :before the restart")
                try alice.irc("PRIVMSG \(channel) :\u{1}ACTION stretches\u{1}")
                try watcher.expect(containing: "stretches")
            }
            let stored = try HistoryStoreTests.lines(of: path).compactMap { HistoryLine.parse($0) }
            let said = try #require(stored.first { $0.text == "before the restart" })
            try withServer(historyPath: path) { server in
                let tagged = try server.ircClient("dave")
                let replay = try tagged.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                let message = try #require(replay.first { $0.params.last == "before the restart" })
                #expect(message.command == "PRIVMSG")
                #expect(message.source == "alice!alice@history")
                #expect(message.tag("time") == said.time.iso8601)
                let action = replay.first { $0.params.last == "\u{1}ACTION stretches\u{1}" }
                #expect(action?.command == "PRIVMSG")
                #expect(action?.tag("time") != nil)

                let untagged = try server.ircClient("erin", serverTime: false)
                let notices = try untagged.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                let replayed = notices.filter { $0.command == "NOTICE" }.compactMap { $0.params.last }
                #expect(replayed.contains { $0.hasSuffix("] <alice> before the restart") }, "\(replayed)")
                #expect(!notices.contains { $0.command == "PRIVMSG" })

                let text = try server.lineClient("frank")
                let shown = try text.linesUntilWho()
                let restartText = "before the restart"
                #expect(shown.contains { Received.isTextMessage($0, nick: "alice", text: restartText) }, "\(shown)")
                #expect(shown.contains { $0.hasSuffix("] * alice stretches") })
            }
        }
    }

    @Test func aTornLastLineIsSkippedAndTheNextEventStartsOnItsOwnLine() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            let whole = (1...2).map { HistoryStoreTests.message($0, "intact \($0)") }.map(HistoryLine.format)
            // Cut inside the text: what is left still parses, so only its missing LF tells it is torn.
            let torn = HistoryLine.format(HistoryStoreTests.message(3, "this line was cut off by a crash"))
            let half = String(torn.prefix(torn.count - "t off by a crash".count))
            #expect(HistoryLine.parse(half) != nil)
            try Data((whole.map { $0 + "\n" }.joined() + half).utf8).write(to: URL(fileURLWithPath: path))

            try withServer(historyPath: path) { server in
                let dave = try server.ircClient("dave")
                let replay = try dave.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                #expect(replay.filter { $0.command == "PRIVMSG" }.map { $0.params.last } == ["intact 1", "intact 2"])
                #expect(!replay.contains { $0.params.last?.contains("was cu") == true })
                try dave.irc("PRIVMSG \(channel) :after the tear")
                _ = try dave.linesUntilPong()
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasSuffix("\n"))
            let lines = try HistoryStoreTests.lines(of: path)
            #expect(lines.prefix(2) == ArraySlice(whole))
            #expect(lines[2].hasPrefix(half))
            #expect(lines.dropFirst(3).allSatisfy { HistoryLine.parse($0) != nil })
            #expect(lines.last.flatMap { HistoryLine.parse($0) }?.kind == .leave)
            #expect(lines.contains { $0.hasSuffix(" MSG dave after the tear") })

            try withServer(historyPath: path) { server in
                let erin = try server.ircClient("erin")
                let replay = try erin.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                let messages = replay.filter { $0.command == "PRIVMSG" }.compactMap { $0.params.last }
                #expect(messages == ["intact 1", "intact 2", "after the tear"])
            }
        }
    }

    @Test func aTornLastLineLongerThanAReadBlockIsSkippedToo() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            let whole = (1...3).map { HistoryLine.format(HistoryStoreTests.message($0, "intact \($0)")) + "\n" }
                .joined()
            let torn = HistoryLine.format(HistoryStoreTests.message(4, String(repeating: "long ", count: 20_000)))
            try Data((whole + torn).utf8).write(to: URL(fileURLWithPath: path))
            try withServer(historyPath: path) { server in
                let dave = try server.ircClient("dave")
                let replay = try dave.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                let messages = replay.filter { $0.command == "PRIVMSG" }.map { $0.params.last }
                #expect(messages == ["intact 1", "intact 2", "intact 3"])
            }
        }
    }

    @Test func aNewcomerIsReplayedOnlyTheConfiguredNumberOfEvents() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            let events = (0..<10).map { HistoryStoreTests.message($0, "m\($0)") }
            try Data(events.map { HistoryLine.format($0) + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
            try withServer(historyPath: path, configure: { $0.replayCount = 3 }) { server in
                let text = try server.lineClient("frank")
                let shown = try text.linesUntilWho().dropLast()
                #expect(shown.count == 3, "\(shown)")
                for (line, number) in zip(shown, 7...9) {
                    #expect(Received.isTextMessage(line, nick: "alice", text: "m\(number)"), "\(line)")
                }
                let irc = try server.ircClient("dave")
                let replay = try irc.linesUntilPong().dropLast().compactMap { try? IRCMessage(parsing: $0) }
                #expect(replay.count == 3)
                #expect(replay.prefix(2).map { $0.params.last } == ["m8", "m9"])
                #expect(replay.last?.params.last == "frank joined the chat")
            }
        }
    }

    @Test func aLongHistoryIsReplayedWholeAndInOrderAcrossReadBlocks() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            // About 190 KiB: the store reads the file backwards in 64 KiB blocks.
            let padding = String(repeating: "~", count: 20)
            let events = (0..<3000).map { HistoryStoreTests.message($0, "number \($0) \(padding)") }
            try Data(events.map { HistoryLine.format($0) + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
            try withServer(historyPath: path, configure: { $0.replayCount = 2500 }) { server in
                let dave = try server.ircClient("dave")
                let replay = try dave.linesUntilPong().dropLast().compactMap { try? IRCMessage(parsing: $0) }
                #expect(replay.map { $0.params.last } == events.suffix(2500).map { $0.text })
                #expect(replay.map { $0.tag("time") } == events.suffix(2500).map { $0.time.iso8601 })
            }
        }
    }

    /// The lines of the file at `path`, without their LFs.
    static func lines(of path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// A message by alice, `number` seconds after a fixed instant in the past.
    static func message(_ number: Int, _ text: String) -> RoomEvent {
        let time = Timestamp(milliseconds: 1_790_000_000_000 + Int64(number) * 1000)
        return RoomEvent(time: time, kind: .message, nick: "alice", text: text)
    }
}
