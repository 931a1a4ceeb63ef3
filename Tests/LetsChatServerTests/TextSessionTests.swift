import LetsChatCore
import Testing

/// The original LetsChat client and `nc`-style clients, talking with each other and with IRC clients.
@Suite struct TextSessionTests {
    private let channel = TestServer.channel

    @Test func anOriginalClientAnNcClientAndAnIRCClientAllSeeEachOthersMessages() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.rawClient("bob")
            try bob.expectPrompt("NICK")
            try bob.send("bob")
            let bobWelcome = try bob.expect(containing: "-- Welcome")
            #expect(bobWelcome == "-- Welcome to \(channel) on \(TestServer.serverName). Online now (2): alice, bob.")
            #expect(try alice.expectIRC("bob's JOIN") { $0.command == "JOIN" }.source == "bob!bob@127.0.0.1")

            let carol = try server.rawClient("carol")
            try carol.expectPrompt("NICK")
            try carol.send("carol\n")
            let carolWelcome = try carol.expect(containing: "-- Welcome")
            #expect(carolWelcome.hasSuffix("Online now (3): alice, bob, carol. Type /help for commands."))
            try alice.expectIRC("carol's JOIN") { $0.command == "JOIN" && $0.sourceNick == "carol" }
            try bob.expect(containing: "-- carol joined the chat")

            try alice.irc("PRIVMSG \(channel) :hi all")
            for client in [bob, carol] {
                let line = try client.expect(containing: "hi all")
                #expect(Received.isTextMessage(line, nick: "alice", text: "hi all"), "\(line)")
            }

            try bob.sayAsOriginalClient("hello from the original client")
            let fromBob = try alice.expectIRC("bob's message") { $0.command == "PRIVMSG" }
            #expect(fromBob.sourceNick == "bob")
            #expect(fromBob.params == [channel, "hello from the original client"])
            let bobShown = try carol.expect(containing: "hello from the original client")
            let bobText = "hello from the original client"
            #expect(Received.isTextMessage(bobShown, nick: "bob", text: bobText), "\(bobShown)")

            try carol.send("hey from nc\n")
            let fromCarol = try alice.expectIRC("carol's message") { $0.command == "PRIVMSG" }
            #expect(fromCarol.params == [channel, "hey from nc"])
            let carolShown = try bob.expect(containing: "hey from nc")
            #expect(Received.isTextMessage(carolShown, nick: "carol", text: "hey from nc"), "\(carolShown)")

            try bob.sayAsOriginalClient("and a second one")
            let second = try alice.expectIRC("bob's second") { $0.command == "PRIVMSG" }
            #expect(second.params == [channel, "and a second one"])
            try carol.expect(containing: "bob: and a second one")
        }
    }

    @Test func theOriginalClientsGoodbyeBecomesAQuitForIRCClients() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.originalClient("bob")
            let carol = try server.lineClient("carol")
            try alice.expectIRC("bob's JOIN") { $0.command == "JOIN" && $0.sourceNick == "bob" }
            try bob.send("bob has left the chat.")
            bob.close()
            let quit = try alice.expectIRC("bob's QUIT") { $0.command == "QUIT" }
            #expect(quit.sourceNick == "bob")
            #expect(!alice.hasReceived { (try? IRCMessage(parsing: $0))?.command == "PRIVMSG" })
            try carol.expect(containing: "-- bob left the chat")
            #expect(!carol.hasReceived { $0.contains("has left the chat.") })
        }
    }

    @Test func whoListsEveryoneInTheRoom() throws {
        try withServer { server in
            _ = try server.ircClient("alice")
            _ = try server.originalClient("bob")
            let carol = try server.lineClient("carol")
            let answer = try carol.linesUntilWho().last
            #expect(answer == "-- Online now (3): alice, bob, carol")
        }
    }

    @Test func aLineClientCanActRenameAndReadTheHelp() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let carol = try server.lineClient("carol")
            try carol.send("/me waves\n")
            let action = try alice.expectIRC("carol's action") { $0.command == "PRIVMSG" }
            #expect(action.params == [channel, "\u{1}ACTION waves\u{1}"])
            try carol.send("/nick caroline\n")
            let rename = try alice.expectIRC("carol's NICK") { $0.command == "NICK" }
            #expect(rename.sourceNick == "carol")
            #expect(rename.params == ["caroline"])
            try carol.send("/help\n")
            try carol.expect(containing: "/who  list who is here")
            try carol.expect(containing: "/quit or exit  leave")
            try alice.irc("PRIVMSG \(channel) :\u{1}ACTION nods\u{1}")
            let shown = try carol.expect(containing: "nods")
            #expect(shown.hasSuffix("] * alice nods"))
        }
    }

    @Test func aLineClientLeavesWithQuitOrExit() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let carol = try server.lineClient("carol")
            let dave = try server.lineClient("dave")
            try carol.send("/quit\n")
            try carol.expectClosed()
            #expect(try alice.expectIRC("carol's QUIT") { $0.command == "QUIT" }.sourceNick == "carol")
            try dave.send("exit\n")
            try dave.expectClosed()
            #expect(try alice.expectIRC("dave's QUIT") { $0.command == "QUIT" }.sourceNick == "dave")
            #expect(!alice.hasReceived { (try? IRCMessage(parsing: $0))?.command == "PRIVMSG" })
        }
    }

    @Test func aTakenNicknameGetsANumberAndTheClientIsTold() throws {
        try withServer { server in
            _ = try server.ircClient("alice")
            let other = try server.rawClient("other")
            try other.expectPrompt("NICK")
            try other.send("ALICE\n")
            try other.expect(containing: "-- 'ALICE' was not available; you are ALICE2.")
            try other.expect(containing: "Online now (2): alice, ALICE2.")
        }
    }

    @Test func anEscapeSequenceFromATextClientNeverReachesOthersRaw() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.originalClient("bob")
            let carol = try server.lineClient("carol")
            try carol.send("look \u{1B}[2J\u{1B}[Hhere\u{9B}31m\n")
            let raw = try alice.expectRaw("carol's message") { String(decoding: $0, as: UTF8.self).contains("PRIVMSG") }
            #expect(!raw.contains(0x1B), "\(String(decoding: raw, as: UTF8.self).debugDescription)")
            #expect(String(decoding: raw, as: UTF8.self).hasSuffix(":look here31m"))
            let shown = try bob.expectRaw("carol's message") { String(decoding: $0, as: UTF8.self).contains("carol:") }
            #expect(!shown.contains(0x1B), "\(String(decoding: shown, as: UTF8.self).debugDescription)")
            try bob.sayAsOriginalClient("\u{1B}]52;c;cGF3bmVk\u{7}copied?")
            let fromBob = try carol.expectRaw("bob's message") { String(decoding: $0, as: UTF8.self).contains("bob:") }
            #expect(!fromBob.contains(0x1B), "\(String(decoding: fromBob, as: UTF8.self).debugDescription)")
            #expect(Received.isTextMessage(String(decoding: fromBob, as: UTF8.self), nick: "bob", text: "copied?"))
        }
    }
}
