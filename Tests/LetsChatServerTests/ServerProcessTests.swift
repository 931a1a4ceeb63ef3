import Foundation
import LetsChatCore
import Testing

/// The `letschat-server` program: bad settings, SIGTERM and `kill -9`.
@Suite struct ServerProcessTests {
    private let channel = TestServer.channel

    /// Arguments that keep a test's server on loopback, on a free port, with its files in `directory`.
    private func arguments(_ directory: TemporaryDirectory, port: UInt16, replay: Int = 50) -> [String] {
        ["--host", "127.0.0.1", "--port", String(port), "--history", directory.file("history.txt"),
         "--server-name", TestServer.serverName, "--replay", String(replay),
         // The bursts here measure delivery and crash safety, not flood control.
         "--flood-rate", "0"]
    }

    @Test(arguments: [
        (["--port", "70000"], "--port must be between 1 and 65535, not 70000"),
        (["--channel", "nohash"], "channel 'nohash' must start with '#'"),
        (["--history", "/nonexistent-dir/x.txt"], "/nonexistent-dir/x.txt failed: No such file or directory"),
    ])
    func aBadSettingExitsWithStatus64AndSaysWhatIsWrong(bad: [String], message: String) throws {
        try withTemporaryDirectory { directory in
            // The bad option comes last, so it overrides the harmless one given before it.
            let server = try ServerExecutable(arguments: arguments(directory, port: try TestClient.freePort()) + bad,
                                              directory: directory)
            defer { server.stop() }
            let result = try #require(server.waitForExit(within: 10), "letschat-server kept running")
            #expect(result.status == 64)
            #expect(!result.bySignal)
            #expect(server.errorOutput.contains(message), "\(server.errorOutput)")
        }
    }

    @Test(arguments: [
        // A tunable of the user's own is kept, and the missing ones are added beside it.
        ("glibc.malloc.arena_max=4",
         ["glibc.malloc.arena_max=4", "glibc.malloc.tcache_count=0", "glibc.rtld.nns=1", "glibc.rtld.optional_static_tls=0"],
         ["glibc.malloc.arena_max=1"]),
        ("glibc.malloc.tcache_count=3", ["glibc.malloc.tcache_count=3", "glibc.malloc.arena_max=1"],
         ["glibc.malloc.tcache_count=0"]),
    ])
    func theServerRunsWithLeanThreadTunablesButKeepsAnyTheUserSet(given: String, present: [String], absent: [String]) throws {
        try withTemporaryDirectory { directory in
            let port = try TestClient.freePort()
            let server = try ServerExecutable(arguments: arguments(directory, port: port), directory: directory,
                                              environment: ["GLIBC_TUNABLES": given])
            defer { server.stop() }
            try server.waitUntilListening()
            for tunable in present { #expect(server.environmentText.contains(tunable), "\(tunable) missing") }
            for tunable in absent { #expect(!server.environmentText.contains(tunable), "\(tunable) set") }
            // A working server after any restart: a client registers and is put in the room.
            _ = try TestClient.irc(port: port, nick: "alice")
        }
    }

    @Test func sigtermTellsConnectedClientsAndExitsCleanlyWithinTwoSeconds() throws {
        try withTemporaryDirectory { directory in
            let port = try TestClient.freePort()
            let server = try ServerExecutable(arguments: arguments(directory, port: port), directory: directory)
            defer { server.stop() }
            try server.waitUntilListening()
            let alice = try TestClient.irc(port: port, nick: "alice")
            let carol = try TestClient.lineClient(port: port, nick: "carol")
            try alice.expectIRC("carol's JOIN") { $0.command == "JOIN" && $0.sourceNick == "carol" }

            server.send(signal: SIGTERM)
            let result = server.waitForExit(within: 2)
            #expect(result?.status == 0 && result?.bySignal == false, "ended with \(String(describing: result))")
            let notice = try alice.expectIRC("the shutdown notice") { $0.command == "NOTICE" }
            #expect(notice.source == TestServer.serverName)
            #expect(notice.params.last == "The server is shutting down.")
            try alice.expectClosed()
            try carol.expect(containing: "-- The server is shutting down.")
            try carol.expectClosed()
            #expect(server.output.contains("Stopped; history saved."))
        }
    }

    @Test func killMinus9LosesNoMessageAClientSawAndTheRestartReplaysTheFile() throws {
        try withTemporaryDirectory { directory in
            let historyPath = directory.file("history.txt")
            let port = try TestClient.freePort()
            let server = try ServerExecutable(arguments: arguments(directory, port: port), directory: directory)
            defer { server.stop() }
            try server.waitUntilListening()
            let receiver = try TestClient.irc(port: port, nick: "receiver")
            let sender = try TestClient.irc(port: port, nick: "sender")
            // Both stay connected until the end: a departure would add events after the burst.
            defer { sender.close() }
            try receiver.expectIRC("sender's JOIN") { $0.command == "JOIN" && $0.sourceNick == "sender" }

            let total = 3000
            let killAfter = 300
            try sender.send((0..<total).map { "PRIVMSG \(channel) :burst \($0)\r\n" }.joined())
            for number in 0..<killAfter {
                try receiver.expect("burst \(number)") { $0.hasSuffix(" :burst \(number)") }
            }
            server.send(signal: SIGKILL)
            let result = server.waitForExit(within: 5)
            #expect(result?.bySignal == true && result?.status == SIGKILL, "ended with \(String(describing: result))")
            try receiver.expectClosed()
            let seen = receiver.lines.compactMap { try? IRCMessage(parsing: $0) }
                .filter { $0.command == "PRIVMSG" }.compactMap { $0.params.last }
            #expect(seen.count >= killAfter)

            let text = try String(contentsOfFile: historyPath, encoding: .utf8)
            #expect(text.hasSuffix("\n"))
            let lines = text.split(separator: "\n").map(String.init)
            let unparsed = lines.filter { HistoryLine.parse($0) == nil }
            #expect(unparsed.isEmpty, "lines that do not parse: \(unparsed.prefix(3))")
            let stored = Set(lines.compactMap { HistoryLine.parse($0) }
                .filter { $0.kind == .message && $0.nick == "sender" }.map(\.text))
            let missing = seen.filter { !stored.contains($0) }
            #expect(missing.isEmpty, "seen by a client but not in history: \(missing.prefix(5))")

            let restarted = try ServerExecutable(arguments: arguments(directory, port: port, replay: 5),
                                                 directory: directory, name: "restarted")
            defer { restarted.stop() }
            try restarted.waitUntilListening()
            let newcomer = try TestClient.irc(port: port, nick: "newcomer")
            let replay = try newcomer.linesUntilPong().dropLast().compactMap { try? IRCMessage(parsing: $0) }
            let lastFive = lines.suffix(5).compactMap { HistoryLine.parse($0) }
            #expect(replay.count == 5)
            #expect(replay.map { $0.tag("time") } == lastFive.map { $0.time.iso8601 })
            #expect(replay.map { $0.params.last } == lastFive.map { $0.text })
            #expect(replay.allSatisfy { $0.command == "PRIVMSG" && $0.source == "sender!sender@history" })
        }
    }
}
