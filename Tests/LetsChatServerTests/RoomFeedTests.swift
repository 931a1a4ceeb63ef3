import LetsChatCore
import Testing

/// The room's feed as clients see it: every member gets every event once, all in one order, and
/// replies never overtake the room events that happened before them.
@Suite struct RoomFeedTests {
    private let channel = TestServer.channel

    @Test func aReplyArrivesAfterTheRoomEventsThatHappenedBeforeIt() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", echo: true)
            let bob = try server.ircClient("bob")
            // One write: the server reads both lines before it sends anything.
            try alice.send("PRIVMSG \(channel) :one\r\nPING :after\r\n")
            let lines = try alice.collect(until: "PONG after") { $0.hasSuffix("PONG \(TestServer.serverName) after") }
            #expect(lines.dropLast().contains { $0.hasSuffix("PRIVMSG \(channel) :one") })
            try bob.expect(containing: "PRIVMSG \(channel) :one")
        }
    }

    @Test func aPrivateMessageArrivesAfterTheRoomMessageItsSenderSentFirst() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            try alice.send("PRIVMSG \(channel) :one\r\nPRIVMSG bob :two\r\n")
            let lines = try bob.collect(until: "the private message") { $0.hasSuffix("PRIVMSG bob :two") }
            #expect(lines.contains { $0.hasSuffix("PRIVMSG \(channel) :one") })
        }
    }

    @Test func roomEventsBeforeACapabilityChangeComeFirstInTheFormTheyHadThen() throws {
        try withServer { server in
            let alice = try server.ircClient("alice", serverTime: false, echo: true)
            try alice.send("PRIVMSG \(channel) :one\r\nCAP REQ :server-time\r\nPRIVMSG \(channel) :two\r\n")
            let lines = try alice.collect(until: "the echo of two") { $0.hasSuffix("PRIVMSG \(channel) :two") }
            let one = lines.firstIndex { $0.hasSuffix("PRIVMSG \(channel) :one") }
            let ack = lines.firstIndex { $0.hasSuffix("CAP alice ACK :server-time") }
            #expect(one != nil && ack != nil && one! < ack!)
            #expect(one.map { !lines[$0].hasPrefix("@time=") } == true)
            #expect(lines.last?.hasPrefix("@time=") == true)
        }
    }

    @Test func everyoneSeesTwoSendersBurstsOnceEachAndInTheSameOrder() throws {
        // Flood control off: the bursts are read and delivered as fast as the server can.
        try withServer(configure: { $0.floodRate = 0 }) { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            let carol = try server.ircClient("carol")
            let dave = try server.ircClient("dave", echo: true)
            let count = 50
            // Each burst is one write, so the two senders' threads deliver at the same time.
            try alice.send((0..<count).map { "PRIVMSG \(channel) :a\($0)\r\n" }.joined())
            try bob.send((0..<count).map { "PRIVMSG \(channel) :b\($0)\r\n" }.joined())
            // The room messages a client receives until it has both senders' last ones.
            func texts(_ client: TestClient) throws -> [String] {
                var seen: [String] = []
                var finished: Set<String> = []
                while finished.count < 2 {
                    let line = try client.expect("a room message") { $0.contains("PRIVMSG \(channel) :") }
                    let text = String(line.split(separator: ":").last ?? "")
                    seen.append(text)
                    if text == "a\(count - 1)" || text == "b\(count - 1)" { finished.insert(text) }
                }
                return seen
            }
            let expectedA = (0..<count).map { "a\($0)" }, expectedB = (0..<count).map { "b\($0)" }
            let carolSaw = try texts(carol)
            let daveSaw = try texts(dave)
            #expect(carolSaw.count == 2 * count)
            #expect(carolSaw == daveSaw)
            #expect(carolSaw.filter { $0.hasPrefix("a") } == expectedA)
            #expect(carolSaw.filter { $0.hasPrefix("b") } == expectedB)
            // A sender without echo-message gets the other burst whole and nothing of its own.
            let aliceSaw = try alice.linesUntilPong().filter { $0.contains("PRIVMSG \(channel) :") }
            #expect(aliceSaw.map { String($0.split(separator: ":").last ?? "") } == expectedB)
        }
    }
}
