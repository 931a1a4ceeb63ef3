import LetsChatCore
import Testing

/// `printf 'bob\nhello\n' | nc HOST PORT`: text that arrives before the server has said anything.
@Suite struct PipedClientTests {
    private let channel = TestServer.channel

    @Test func pipedLinesArriveInTheRoomAsTheNicknameOnTheFirstLine() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let piped = try server.rawClient("bob")
            try piped.send("bob\nhello\nand a second line\n")
            let join = try alice.expectIRC("bob's JOIN") { $0.command == "JOIN" }
            #expect(join.sourceNick == "bob")
            for text in ["hello", "and a second line"] {
                let message = try alice.expectIRC("bob's message") { $0.command == "PRIVMSG" }
                #expect(message.sourceNick == "bob")
                #expect(message.params == [channel, text])
            }
            // No prompt: what the pipe's reader sees starts with the welcome.
            let first = try piped.expect(containing: "-- Welcome")
            #expect(first.hasPrefix("-- Welcome to \(channel)"), "\(first)")
            #expect(!piped.hasReceived { $0.contains("NICK") || $0.contains("451") })
        }
    }

    @Test func anIRCClientThatSendsCapNickAndUserAtOnceStillRegistersAsIRC() throws {
        try withServer { server in
            let client = try server.rawClient("alice")
            try client.send("CAP LS 302\r\nNICK alice\r\nUSER alice 0 * :Alice\r\nCAP END\r\n")
            let welcome = try client.expectNumeric("001")
            #expect(welcome.params.first == "alice")
            try client.expectIRC("the join") { $0.command == "JOIN" && $0.sourceNick == "alice" }
        }
    }

    @Test func anInvalidNicknameOnTheFirstLineIsAnsweredAndReplaced() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let piped = try server.rawClient("piped")
            try piped.send("9 lives\nhi there\n")
            let answer = try piped.expect(containing: "is not a valid nickname")
            #expect(answer.hasPrefix("-- '9 lives' is not a valid nickname ("), "\(answer)")
            #expect(answer.hasSuffix("; you are lives."), "\(answer)")
            let message = try alice.expectIRC("the piped message") { $0.command == "PRIVMSG" }
            #expect(message.sourceNick == "lives")
            #expect(message.params == [channel, "hi there"])
        }
    }
}
