import LetsChatCore
import Testing

/// IRCv3 message tags as clients see them: client-only tags and TAGMSG reach only the clients that
/// negotiated `message-tags`, every message has one `msgid`, and tag data has a size limit.
@Suite struct MessageTagsTests {
    private let channel = TestServer.channel

    @Test func typingReachesTheMessageTagsClientAloneAndTheOthersGetTheMessageOnly() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", messageTags: true)
            let tagged = try server.ircClient("tagged", messageTags: true)
            let plain = try server.ircClient("plain")
            let text = try server.lineClient("watcher")
            try alice.irc("@+typing=active TAGMSG \(channel)")
            try alice.irc("@+typing=done;+draft/reply=a\\sb PRIVMSG \(channel) :hello")

            let typing = try tagged.expectIRC("alice's TAGMSG") { $0.command == "TAGMSG" }
            #expect(typing.tag("+typing") == "active")
            #expect(typing.params == [channel])
            #expect(typing.sourceNick == "alice")
            #expect(typing.tag("msgid")?.count == MessageIDGenerator.length)
            let message = try tagged.expectIRC("alice's message") { $0.command == "PRIVMSG" }
            #expect(message.tag("+typing") == "done")
            #expect(message.tag("+draft/reply") == "a b")
            #expect(message.tag("msgid") != nil && message.tag("msgid") != typing.tag("msgid"))

            let plainLines = try plain.linesUntilPong()
            let relayed = try #require(plainLines.first { $0.hasSuffix("PRIVMSG \(channel) :hello") })
            #expect(!relayed.contains("typing") && !relayed.contains("msgid"), "\(relayed)")
            #expect(!plainLines.contains { $0.contains("TAGMSG") || $0.contains("+typing") }, "\(plainLines)")

            let shown = try text.collect(until: "alice's message") { $0.contains("alice: hello") }
            #expect(!shown.contains { $0.contains("typing") || $0.contains("TAGMSG") }, "\(shown)")
        }
    }

    @Test func aPrivateTagmsgReachesARecipientWithMessageTagsAndNoOneElse() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", messageTags: true)
            let tagged = try server.ircClient("tagged", messageTags: true)
            let plain = try server.ircClient("plain")
            try alice.irc("@+typing=active TAGMSG tagged")
            try alice.irc("@+typing=active TAGMSG plain")
            try alice.irc("PRIVMSG plain :psst")
            let typing = try tagged.expectIRC("alice's private TAGMSG") { $0.command == "TAGMSG" }
            #expect(typing.params == ["tagged"])
            #expect(typing.tag("+typing") == "active")
            let seen = try plain.collect(until: "alice's private message") { $0.hasSuffix("PRIVMSG plain :psst") }
            #expect(!seen.contains { $0.contains("TAGMSG") }, "\(seen)")
            #expect(try alice.linesUntilPong().allSatisfy { !$0.contains(" 401 ") })
        }
    }

    @Test func theEchoAndTheRelayCarryTheSameMsgid() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", echo: true, messageTags: true)
            let bob = try server.ircClient("bob", messageTags: true)
            try alice.irc("@+draft/react=x PRIVMSG \(channel) :to the room")
            let echo = try alice.expectIRC("the echo") { $0.command == "PRIVMSG" }
            let relay = try bob.expectIRC("the relay") { $0.command == "PRIVMSG" }
            #expect(echo.tag("msgid") != nil)
            #expect(echo.tag("msgid") == relay.tag("msgid"))
            #expect(echo.tag("+draft/react") == "x" && relay.tag("+draft/react") == "x")

            try alice.irc("PRIVMSG bob :to bob")
            let privateEcho = try alice.expectIRC("the private echo") { $0.params == ["bob", "to bob"] }
            let privateRelay = try bob.expectIRC("the private message") { $0.params == ["bob", "to bob"] }
            #expect(privateEcho.tag("msgid") != nil)
            #expect(privateEcho.tag("msgid") == privateRelay.tag("msgid"))
        }
    }

    @Test func aReplayAfterARestartCarriesTheMsgidTheMessageWasSentWith() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            let sent = try withServer(historyPath: path) { server in
                let alice = try server.ircClient("alice")
                let bob = try server.ircClient("bob", messageTags: true)
                try alice.irc("PRIVMSG \(channel) :remember me")
                return try bob.expectIRC("alice's message") { $0.command == "PRIVMSG" }.tag("msgid")
            }
            let id = try #require(sent)
            #expect(try HistoryStoreTests.lines(of: path).contains { $0.contains("#\(id) MSG alice remember me") })
            try withServer(historyPath: path) { server in
                let carol = try server.ircClient("carol", messageTags: true)
                let replay = try carol.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                let replayed = try #require(replay.first { $0.params.last == "remember me" })
                #expect(replayed.tag("msgid") == id)
                let plain = try server.ircClient("dave")
                let untagged = try plain.linesUntilPong().filter { $0.contains("remember me") }
                #expect(untagged.count == 1 && !untagged[0].contains("msgid"), "\(untagged)")
            }
        }
    }

    @Test func tooMuchTagDataIsRefusedWith417AndNothingIsRelayed() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", messageTags: true)
            let bob = try server.ircClient("bob", messageTags: true)
            // Tag data is what lies between `@` and the space: `+a=` and the value.
            let fits = String(repeating: "x", count: ClientTags.maxClientTagDataBytes - 3)
            try alice.irc("@+a=\(fits) TAGMSG \(channel)")
            let relayed = try bob.expectIRC("the TAGMSG that fits") { $0.command == "TAGMSG" }
            #expect(relayed.tag("+a") == fits)
            try alice.irc("@+a=\(fits)y PRIVMSG \(channel) :too much")
            let refusal = try alice.expectNumeric("417")
            #expect(refusal.params.last == "Input line was too long")
            #expect(!(try bob.linesUntilPong()).contains { $0.contains("too much") })
        }
    }

    @Test func malformedTagsAreDroppedAndTheMessageStillArrives() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", messageTags: true)
            let bob = try server.ircClient("bob", messageTags: true)
            try alice.irc("@+=1;+ok=1;+bad/=2;=3;+ünï=4;+x..y/z=5;fizz=buzz PRIVMSG \(channel) :still here")
            let message = try bob.expectIRC("the message") { $0.params.last == "still here" }
            #expect(message.tags.map(\.key).filter { $0 != "time" && $0 != "msgid" } == ["+ok"])
        }
    }

    @Test func aTagmsgWithNothingToRelayIsDroppedWithoutAWord() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", messageTags: true)
            let bob = try server.ircClient("bob", messageTags: true)
            try alice.irc("@fizz=buzz TAGMSG \(channel)")
            try alice.irc("TAGMSG \(channel)")
            let answers = try alice.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
            #expect(!answers.contains { $0.command == "FAIL" || $0.command.allSatisfy(\.isNumber) }, "\(answers)")
            #expect(!(try bob.linesUntilPong()).contains { $0.contains("TAGMSG") })
        }
    }

    @Test func messageTagsIsOfferedAndCanBeTakenAfterRegistration() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", messageTags: true)
            let late = try server.ircClient("late")
            try alice.irc("@+typing=active TAGMSG \(channel)")
            try alice.irc("@+typing=done PRIVMSG \(channel) :before")
            try late.expect(containing: ":before")
            try late.irc("CAP LS 302")
            let offered = try late.expectIRC("CAP LS") { $0.command == "CAP" && $0.params.dropFirst().first == "LS" }
            #expect(offered.params.last?.split(separator: " ").contains("message-tags") == true)
            try late.irc("CAP REQ :message-tags")
            try late.expectIRC("CAP ACK") { $0.command == "CAP" && $0.params.dropFirst().first == "ACK" }
            try alice.irc("@+typing=done PRIVMSG \(channel) :after")
            let after = try late.expectIRC("the message after") { $0.params.last == "after" }
            #expect(after.tag("+typing") == "done")
        }
    }
}
