import LetsChatCore
import Testing

/// Send queues: a client that stops reading must cost the others nothing and end up dropped.
@Suite struct OutboundTests {
    private let channel = TestServer.channel

    @Test func aClientThatStopsReadingDoesNotDelayOthersAndIsDroppedForItsSendQueue() throws {
        try withServer(configure: {
            $0.outboundLimit = 64 * 1024
            $0.floodRate = 0
        }) { server in
            let talker = try server.ircClient("talker")
            let observer = try server.ircClient("observer")
            // A tiny receive buffer (set before connecting, so the TCP window stays small too):
            // the kernel soon holds all it will, and the rest piles up in the server's queue.
            let stalled = try server.rawClient("stalled", receiveBufferSize: 1024)
            try stalled.irc("NICK stalled")
            try stalled.irc("USER stalled 0 * :Never reads")
            try observer.expectIRC("stalled's JOIN") { $0.command == "JOIN" && $0.sourceNick == "stalled" }

            let padding = String(repeating: "x", count: 400)
            var sent = 0
            var quit: IRCMessage?
            while quit == nil {
                guard sent < 20_000 else {
                    Issue.record("the stalled client was not dropped after \(sent) messages of \(padding.count) bytes")
                    return
                }
                // 100 x 400 bytes stays under the 64 KiB queue even if the observer's writer thread
                // has not run yet, so only the client that never reads can overflow.
                for _ in 0..<100 {
                    try talker.irc("PRIVMSG \(channel) :\(sent) \(padding)")
                    sent += 1
                }
                // The observer gets every batch while the stalled client's backlog grows.
                let last = ":\(sent - 1) \(padding)"
                let batch = try observer.collect(until: "message \(sent - 1)") { $0.hasSuffix(last) }
                quit = batch.compactMap { try? IRCMessage(parsing: $0) }.first { $0.command == "QUIT" }
            }
            #expect(quit?.sourceNick == "stalled")
            #expect(quit?.params.last?.lowercased().contains("send queue") == true, "\(String(describing: quit))")

            try talker.irc("PRIVMSG \(channel) :after the drop")
            try observer.expect(containing: ":after the drop")
            // Megabytes still sit in the kernel's buffers, read through a tiny window: allow plenty of time.
            try stalled.expectClosed(within: 30)
            #expect(!stalled.hasReceived { $0.contains("after the drop") })
            try observer.irc("NAMES \(channel)")
            #expect(try observer.expectNumeric("353").params.last == "@talker observer")
        }
    }
}
