import LetsChatCore
import Testing

/// IRCv3 labeled responses as a client that asked for `batch` and `labeled-response` sees them: every
/// labeled command is answered under its label, and no one else ever sees a label.
@Suite struct LabeledResponseTests {
    private let channel = TestServer.channel

    @Test func aLabeledPrivateMessageIsEchoedWithItsLabelAndTheRecipientGetsTheSameMessageWithout() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", echo: true, messageTags: true, labeled: true)
            let bob = try server.ircClient("bob", echo: true, messageTags: true, labeled: true)
            try alice.irc("@label=xyz;+example-client-tag=example-value PRIVMSG bob :hi there")
            let echo = try alice.expectIRC("the labeled echo") { $0.command == "PRIVMSG" }
            let delivery = try bob.expectIRC("the delivery") { $0.command == "PRIVMSG" }
            #expect(echo.params == ["bob", "hi there"])
            #expect(echo.tag("label") == "xyz")
            #expect(echo.tag("+example-client-tag") == "example-value")
            #expect(delivery.tag("label") == nil)
            #expect(delivery.tag("+example-client-tag") == "example-value")
            #expect(echo.tag("msgid") != nil && echo.tag("msgid") == delivery.tag("msgid"))
        }
    }

    @Test func aLabeledRoomMessageIsEchoedUnderItsLabelWhileTheRoomGetsItPlain() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", echo: true, labeled: true)
            let bob = try server.ircClient("bob")
            try alice.irc("@label=r1 PRIVMSG \(channel) :hello room")
            let echo = try alice.expectIRC("the labeled echo") { $0.command == "PRIVMSG" }
            #expect(echo.tag("label") == "r1")
            #expect(echo.params == [channel, "hello room"])
            let relayed = try bob.expect("bob's copy") { $0.hasSuffix("PRIVMSG \(channel) :hello room") }
            #expect(!relayed.contains("label"), "\(relayed)")
        }
    }

    @Test func aLabeledCommandThatAnswersNothingIsAcknowledged() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", labeled: true)
            try alice.irc("@label=quiet PRIVMSG \(channel) :no echo asked for")
            let ack = try alice.expectIRC("the ACK") { $0.command == "ACK" }
            #expect(ack.tag("label") == "quiet")
        }
    }

    @Test func aLabeledCommandWithSeveralAnswersGetsThemInOneLabeledBatch() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", labeled: true)
            _ = try server.ircClient("bob")
            try alice.irc("@label=who1 WHO \(channel)")
            let start = try alice.expectIRC("the batch start") { $0.command == "BATCH" }
            #expect(start.tag("label") == "who1")
            #expect(start.params.count == 2 && start.params[0].hasPrefix("+") && start.params[1] == "labeled-response")
            let id = String(start.params[0].dropFirst())
            let inside = try alice.collect(until: "the batch end") { $0.hasSuffix("BATCH -\(id)") }.dropLast()
                .map { try IRCMessage(parsing: $0) }
            #expect(inside.map(\.command) == ["352", "352", "315"])
            #expect(inside.allSatisfy { $0.tag("batch") == id && $0.tag("label") == nil })
        }
    }

    @Test func aClientThatDidNotAskForLabeledResponsesIsNeverSentALabel() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", echo: true)
            try alice.irc("@label=ignored PRIVMSG \(channel) :hi")
            let lines = try alice.linesUntilPong()
            #expect(lines.contains { $0.hasSuffix("PRIVMSG \(channel) :hi") })
            #expect(!lines.contains { $0.contains("label") || $0.contains("ACK") || $0.contains("BATCH") }, "\(lines)")
        }
    }
}
