import Foundation
import LetsChatCore
import Testing

/// IRC clients against an in-process server: registration, the room, errors and what is relayed.
@Suite struct IRCSessionTests {
    private let channel = TestServer.channel
    private let serverName = TestServer.serverName

    @Test func twoClientsRegisterAutoJoinAndSeeEachOtherInNamesWithTheFirstAsOperator() throws {
        try withServer { server in
            let alice = try server.rawClient("alice")
            try alice.irc("CAP LS 302")
            let offer = try alice.expectIRC("CAP LS") { $0.command == "CAP" }
            #expect(offer.params.prefix(2) == ["*", "LS"])
            #expect(offer.params.last?.split(separator: " ").contains("server-time") == true)
            try alice.irc("CAP REQ :server-time")
            let ack = try alice.expectIRC("CAP ACK") { $0.command == "CAP" }
            #expect(ack.params.dropFirst() == ["ACK", "server-time"])
            try alice.irc("NICK alice")
            try alice.irc("USER alice 0 * :Alice Tester")
            try alice.irc("CAP END")
            let welcome = try alice.expectNumeric("001")
            #expect(welcome.source == serverName)
            #expect(welcome.params.first == "alice")
            let join = try alice.expectIRC("own JOIN") { $0.command == "JOIN" }
            #expect(join.sourceNick == "alice")
            #expect(join.params == [channel])
            #expect(Received.time(of: join) != nil)
            #expect(try alice.expectNumeric("353").params.last == "@alice")
            try alice.expectNumeric("366")

            let bob = try server.ircClient("bob")
            let bobNames = bob.lines.compactMap { try? IRCMessage(parsing: $0) }.first { $0.command == "353" }
            #expect(bobNames?.params == ["bob", "=", channel, "@alice bob"])
            let bobJoin = try alice.expectIRC("bob's JOIN") { $0.command == "JOIN" }
            #expect(bobJoin.source == "bob!bob@127.0.0.1")

            try alice.irc("NAMES \(channel)")
            #expect(try alice.expectNumeric("353").params.last == "@alice bob")
        }
    }

    @Test func aBigRoomsNamesComeInSeveralLinesThatEachFitAnIRCLineAndListEveryoneOnceInJoinOrder() throws {
        // All from one address: lift the per-address limit (32).
        try withServer(configure: { $0.maxConnectionsPerAddress = 0 }) { server in
            let nicks = (0..<45).map { "member\($0)_" + String(repeating: "x", count: 20) }
            for nick in nicks { _ = try server.ircClient(nick) }
            let observer = try server.ircClient("observer")
            try observer.irc("NAMES \(channel)")
            let lines = try observer.collect(until: "366") { (try? IRCMessage(parsing: $0))?.command == "366" }
            let replies = lines.compactMap { try? IRCMessage(parsing: $0) }.filter { $0.command == "353" }
            #expect(replies.count > 2)
            for line in lines { #expect(line.utf8.count <= 510, "\(line.utf8.count) bytes: \(line)") }
            #expect(replies.allSatisfy { $0.params.dropLast() == ["observer", "=", channel] })
            let listed = replies.flatMap { $0.params.last?.split(separator: " ").map(String.init) ?? [] }
            #expect(listed == ["@" + nicks[0]] + nicks.dropFirst() + ["observer"])
        }
    }

    @Test func withUserhostInNamesTheNamesListShowsNickUserAndHost() throws {
        try withServer { server in
            _ = try server.ircClient("alice")
            let bob = try server.rawClient("bob")
            try bob.irc("CAP REQ :userhost-in-names")
            try bob.irc("NICK bob")
            try bob.irc("USER bobuser 0 * :Bob")
            try bob.irc("CAP END")
            #expect(try bob.expectNumeric("353").params.last == "@alice!alice@127.0.0.1 bob!bobuser@127.0.0.1")
        }
    }

    @Test func roomMessagesAndActionsReachTheOtherClientWithATimeTag() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try alice.irc("PRIVMSG \(channel) :hello bob")
            let message = try bob.expectIRC("alice's message") { $0.command == "PRIVMSG" }
            #expect(message.sourceNick == "alice")
            #expect(message.params == [channel, "hello bob"])
            let time = try #require(Received.time(of: message))
            #expect(abs(Double(time.milliseconds) / 1000 - Date().timeIntervalSince1970) < 600)

            try alice.irc("PRIVMSG \(channel) :\u{1}ACTION waves\u{1}")
            let action = try bob.expectIRC("alice's action") { $0.command == "PRIVMSG" }
            #expect(action.params == [channel, "\u{1}ACTION waves\u{1}"])
            #expect(Received.time(of: action) != nil)

            try bob.irc("PRIVMSG \(channel) :hi alice")
            let reply = try alice.expectIRC("bob's reply") { $0.command == "PRIVMSG" }
            #expect(reply.sourceNick == "bob")
            #expect(reply.params == [channel, "hi alice"])
        }
    }

    @Test func aClientWithoutServerTimeGetsNoTimeTags() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let plain = try server.ircClient("plain", serverTime: false)
            try alice.irc("PRIVMSG \(channel) :untagged")
            let line = try plain.expect(containing: "PRIVMSG")
            #expect(!line.hasPrefix("@"))
            #expect(line.hasSuffix("PRIVMSG \(channel) :untagged"))
        }
    }

    @Test func aNicknameChangeIsAnnouncedToEveryoneInTheRoom() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try alice.irc("NICK alicia")
            for client in [alice, bob] {
                let change = try client.expectIRC("NICK alicia") { $0.command == "NICK" }
                #expect(change.source == "alice!alice@127.0.0.1")
                #expect(change.params == ["alicia"])
            }
            try alice.irc("PRIVMSG \(channel) :renamed")
            #expect(try bob.expectIRC("message") { $0.command == "PRIVMSG" }.sourceNick == "alicia")
        }
    }

    @Test func theTopicCanBeSetAndReadBack() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try bob.irc("TOPIC \(channel)")
            #expect(try bob.expectNumeric("331").params == ["bob", channel, "No topic is set"])
            try alice.irc("TOPIC \(channel) :Testing: all day")
            let change = try bob.expectIRC("TOPIC") { $0.command == "TOPIC" }
            #expect(change.sourceNick == "alice")
            #expect(change.params == [channel, "Testing: all day"])
            try bob.irc("TOPIC \(channel)")
            #expect(try bob.expectNumeric("332").params == ["bob", channel, "Testing: all day"])
            #expect(try bob.expectNumeric("333").params.prefix(3) == ["bob", channel, "alice"])
        }
    }

    @Test func aClientThatPartedIsToldItCannotSendToTheRoom() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try bob.irc("PART \(channel) :see you")
            let part = try alice.expectIRC("bob's PART") { $0.command == "PART" }
            #expect(part.sourceNick == "bob")
            #expect(part.params == [channel, "see you"])
            try bob.irc("PRIVMSG \(channel) :still here?")
            #expect(try bob.expectNumeric("404").params.prefix(2) == ["bob", channel])
            let aliceSaw = try alice.linesUntilPong()
            #expect(!aliceSaw.contains { $0.contains("still here?") })
        }
    }

    @Test func aQuitIsAnnouncedToTheOthersWithItsReason() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try bob.irc("QUIT :gone fishing")
            try bob.expect("ERROR") { $0.hasPrefix("ERROR :Closing Link") }
            try bob.expectClosed()
            let quit = try alice.expectIRC("bob's QUIT") { $0.command == "QUIT" }
            #expect(quit.source == "bob!bob@127.0.0.1")
            #expect(quit.params == ["Quit: gone fishing"])
        }
    }

    @Test func anUnknownCommandGets421() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            try alice.irc("FROBNICATE now")
            #expect(try alice.expectNumeric("421").params == ["alice", "FROBNICATE", "Unknown command"])
        }
    }

    @Test func aRoomCommandBeforeRegistrationGets451() throws {
        try withServer { server in
            let early = try server.rawClient("early")
            try early.irc("PRIVMSG \(channel) :too soon")
            #expect(try early.expectNumeric("451").params == ["*", "You have not registered"])
            try early.irc("JOIN \(channel)")
            try early.expectNumeric("451")
        }
    }

    @Test func aCommandMissingParametersGets461() throws {
        try withServer { server in
            let early = try server.rawClient("early")
            try early.irc("USER onlyone")
            #expect(try early.expectNumeric("461").params == ["*", "USER", "Not enough parameters"])
            let alice = try server.ircClient("alice")
            try alice.irc("JOIN")
            #expect(try alice.expectNumeric("461").params == ["alice", "JOIN", "Not enough parameters"])
        }
    }

    @Test func aNicknameInUseGets433EvenInAnotherCase() throws {
        try withServer { server in
            _ = try server.ircClient("alice")
            let other = try server.rawClient("other")
            try other.irc("NICK Alice")
            try other.irc("USER other 0 * :Other")
            #expect(try other.expectNumeric("433").params == ["*", "Alice", "Nickname is already in use"])
            try other.irc("NICK alice2")
            #expect(try other.expectNumeric("001").params.first == "alice2")
        }
    }

    @Test func aNicknameMadeToLookLikeATakenOneGets433() throws {
        try withServer { server in
            _ = try server.ircClient("bill")
            let other = try server.rawClient("other")
            try other.irc("NICK Bi11")
            try other.irc("USER other 0 * :Other")
            #expect(try other.expectNumeric("433").params == ["*", "Bi11", "Nickname is already in use"])
        }
    }

    @Test func anInvalidNicknameGets432() throws {
        try withServer { server in
            let client = try server.rawClient("client")
            for bad in ["1digit", "has.dot", String(repeating: "n", count: 31)] {
                try client.irc("NICK \(bad)")
                #expect(try client.expectNumeric("432").params == ["*", bad, "Erroneous nickname"])
            }
        }
    }

    @Test func aNicknameThatCannotBeEchoedAsOneParameterIsRefusedWithAStarInItsPlace() throws {
        try withServer { server in
            let client = try server.rawClient("client")
            for bad in ["two words", ":colon"] {
                try client.irc("NICK :\(bad)")
                #expect(try client.expectNumeric("432").params == ["*", "*", "Erroneous nickname"])
            }
        }
    }

    @Test func pingIsAnsweredWithPongFromTheServerName() throws {
        try withServer { server in
            let client = try server.rawClient("client")
            try client.irc("PING :token-123")
            let pong = try client.expectIRC("PONG") { $0.command == "PONG" }
            #expect(pong.source == serverName)
            #expect(pong.params == [serverName, "token-123"])
        }
    }

    @Test func aPrivateMessageReachesOnlyItsTarget() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            let carol = try server.ircClient("carol")
            try alice.irc("PRIVMSG BOB :psst, secret")
            let secret = try bob.expectIRC("private message") { $0.command == "PRIVMSG" }
            #expect(secret.sourceNick == "alice")
            #expect(secret.params == ["bob", "psst, secret"])
            try alice.irc("PRIVMSG \(channel) :public now")
            try carol.expect(containing: "public now")
            #expect(!carol.hasReceived { $0.contains("secret") })
            #expect(!(try alice.linesUntilPong()).contains { $0.contains("secret") })
        }
    }

    @Test func aLineOver512BytesGets417AndIsNotRelayed() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try alice.irc("PRIVMSG \(channel) :" + String(repeating: "x", count: 600))
            #expect(try alice.expectNumeric("417").params == ["alice", "Input line was too long"])
            try alice.irc("PRIVMSG \(channel) :short one")
            try bob.expect(containing: "short one")
            #expect(!bob.hasReceived { $0.contains("xxxxxxxx") })
        }
    }

    @Test func invalidUTF8IsRefusedWithFailAndNeverRelayed() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            let welcome = try server.rawClient("carol")
            try welcome.irc("NICK carol")
            try welcome.irc("USER carol 0 * :Carol")
            #expect(try welcome.expectNumeric("005").params.contains("UTF8ONLY"))
            try alice.send(bytes: Array("PRIVMSG \(channel) :caf".utf8) + [0xC3, 0x28, 0xFF] + Array(" ok\r\n".utf8))
            let fail = try alice.expectIRC("the refusal") { $0.command == "FAIL" }
            #expect(fail.params.prefix(2) == ["PRIVMSG", "INVALID_UTF8"])
            try alice.irc("PRIVMSG \(channel) :valid again")
            let seen = try bob.collect(until: "the valid message") { $0.hasSuffix(":valid again") }
            #expect(!seen.contains { $0.contains("caf") }, "\(seen)")
        }
    }

    @Test func anEscapeSequenceFromOneClientNeverReachesAnotherRaw() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            let watcher = try server.lineClient("watcher")
            try alice.irc("PRIVMSG \(channel) :red \u{1B}[31mALERT\u{1B}[0m \u{1B}]0;owned\u{7}title \u{1B}cend")
            let raw = try bob.expectRaw("the message") { String(decoding: $0, as: UTF8.self).contains("PRIVMSG") }
            #expect(!raw.contains(0x1B), "\(String(decoding: raw, as: UTF8.self).debugDescription)")
            #expect(String(decoding: raw, as: UTF8.self).hasSuffix(":red ALERT title end"))
            let shown = try watcher.expectRaw("the message") { String(decoding: $0, as: UTF8.self).contains("alice:") }
            #expect(!shown.contains(0x1B), "\(String(decoding: shown, as: UTF8.self).debugDescription)")
            let shownText = String(decoding: shown, as: UTF8.self)
            #expect(Received.isTextMessage(shownText, nick: "alice", text: "red ALERT title end"), "\(shownText)")
        }
    }
}

/// The server tells IRC clients its flood limits, so that a client pacing its pastes by them is never dropped.
@Suite struct IRCSessionLineRateTests {
    /// The ISUPPORT tokens a client registering as `nick` is sent.
    private func isupport(_ server: TestServer, nick: String) throws -> [String] {
        let client = try server.rawClient(nick)
        try client.irc("NICK \(nick)")
        try client.irc("USER \(nick) 0 * :\(nick)")
        return Array(try client.expectNumeric("005").params.dropFirst().dropLast())
    }

    @Test func theWelcomeNamesTheVersionThatVersionPrints() throws {
        try withServer { server in
            let client = try server.rawClient("alice")
            try client.irc("NICK alice")
            try client.irc("USER alice 0 * :alice")
            #expect(try client.expectNumeric("002").params.last?.hasSuffix("letschat-\(LetsChatVersion.string)") == true)
            #expect(try client.expectNumeric("004").params.dropFirst(2).first == "letschat-\(LetsChatVersion.string)")
        }
    }

    @Test func aRegisteringClientIsToldTheConfiguredBurstAndRate() throws {
        try withServer(configure: {
            $0.floodBurst = 7
            $0.floodRate = 3
        }) { server in
            let tokens = try isupport(server, nick: "alice")
            #expect(tokens.filter { $0.hasPrefix("LINERATE") } == ["LINERATE=7,3"])
        }
    }

    @Test func aFractionalRateIsToldAsADecimal() throws {
        try withServer(configure: { $0.floodRate = 2.5 }) { server in
            let tokens = try isupport(server, nick: "alice")
            #expect(tokens.contains("LINERATE=20,2.5"))
        }
    }

    @Test func withoutFloodControlNoLineRateIsAdvertised() throws {
        try withServer(configure: { $0.floodRate = 0 }) { server in
            let tokens = try isupport(server, nick: "alice")
            #expect(tokens.contains("NETWORK=LetsChat"))
            #expect(!tokens.contains { $0.hasPrefix("LINERATE") })
        }
    }
}
