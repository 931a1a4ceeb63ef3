import Foundation
import LetsChatCore
@testable import LetsChatServer
import Testing

/// TLS on the server's one port, end to end: real sockets on loopback, `openssl s_client` and our own
/// TLS client beside plain IRC and text clients.
struct ConnectionSecurityTests {
    /// Runs `body` with a server that speaks TLS with a certificate made in a fresh folder, and
    /// collects its log.
    private func withTLSServer<T>(configure: (inout ServerConfiguration) -> Void = { _ in },
                                  _ body: (TestServer, LockedBox<[String]>) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            let log = LockedBox<[String]>([])
            let server = try TestServer(historyPath: directory.file("history.txt"), configure: { configuration in
                configuration.tls = .automatic
                configuration.floodRate = 0
                // A TLS client that has not sent its ClientHello when the detection time ends is taken
                // for a silent text client (wire.md); on a loaded machine (ThreadSanitizer, tests in
                // parallel) a client can take longer than the 200 ms TestServer sets.
                configuration.detectMilliseconds = 2000
                configure(&configuration)
            }, log: { line in log.set(log.get() + [line]) })
            defer { server.stop() }
            return try body(server, log)
        }
    }

    /// Waits until a log line contains `text`.
    private func expectLog(_ log: LockedBox<[String]>, containing text: String, within timeout: Double = 10) throws {
        let deadline = TestClient.now() + timeout
        while !log.get().contains(where: { $0.contains(text) }) {
            guard TestClient.now() < deadline else {
                throw TestClientError(description: "no log line with \(text) in:\n" + log.get().joined(separator: "\n"))
            }
            usleep(10_000)
        }
    }

    /// The first flight of a real TLS client: a complete ClientHello, as OpenSSL sends it.
    private func clientHello() throws -> [UInt8] {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try TLSTransport.connect(host: "127.0.0.1", port: listener.localPort,
                                              context: TLSContext.client(verification: .pinned))
        defer { client.close() }
        let (accepted, _) = try listener.accept()
        defer { accepted.close() }
        #expect(try !client.handshake(milliseconds: 50))
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try accepted.receive(into: raw) }
        return Array(buffer.prefix(count))
    }

    /// A client that still gets in: the server goes on serving after whatever came before.
    private func expectStillServing(_ server: TestServer, nick: String) throws {
        let plain = try server.ircClient(nick)
        let secure = try TLSTestClient.irc(port: server.port, nick: nick + "s")
        try plain.expect(containing: "JOIN")
        try secure.irc("PRIVMSG #letschat :still here")
        try plain.expect(containing: "still here")
    }

    @Test func openSSLsClientRegistersJoinsAndTalksWithAPlainClientAndSeesTheBannersFingerprint() throws {
        try withTLSServer { server, _ in
            let certificate = try #require(server.server.certificate)
            let secure = try OpenSSLClient(port: server.port)
            defer { secure.close() }
            secure.send("NICK alice")
            secure.send("USER alice 0 * :Alice over TLS")
            try secure.expect(" 366 ")
            let bob = try server.ircClient("bob")
            secure.send("PRIVMSG #letschat :hello from TLS")
            try bob.expect(containing: "PRIVMSG #letschat :hello from TLS")
            try bob.irc("PRIVMSG #letschat :hello from plain text")
            try secure.expect("hello from plain text")

            let shown = try OpenSSLTool.client(port: server.port, ["-showcerts"])
            let fingerprint = try OpenSSLTool.run(["x509", "-noout", "-fingerprint", "-sha256"], input: shown).output
            #expect(fingerprint.contains("=" + certificate.fingerprintWithColons))
            let banner = ServerProcess.banner(for: server.server)
            let line = try #require(banner.split(separator: "\n").first { $0.contains("fingerprint") })
            #expect(line.hasSuffix(certificate.fingerprint))
        }
    }

    @Test func aMessageSentOverTLSNeverAppearsOnTheWireAndOverPlainTextItDoes() throws {
        try withTLSServer { server, _ in
            let relay = try RecordingRelay(to: server.port)
            defer { relay.stop() }
            let bob = try server.ircClient("bob")
            let secret = "marker-\(UUID().uuidString)"
            let secure = try TLSTestClient.irc(port: relay.port, nick: "alice")
            try secure.irc("PRIVMSG #letschat :\(secret)")
            try bob.expect(containing: secret)
            try secure.irc("QUIT :done")
            try secure.expectClosed()
            let wire = String(decoding: relay.bytes, as: UTF8.self)
            #expect(!wire.contains(secret))
            #expect(!wire.contains("NICK alice"))
            #expect(relay.bytes.first == FirstBytes.handshakeRecord)

            let control = "control-\(UUID().uuidString)"
            let plain = try TestClient.irc(port: relay.port, nick: "carol")
            try plain.irc("PRIVMSG #letschat :\(control)")
            try bob.expect(containing: control)
            #expect(String(decoding: relay.bytes, as: UTF8.self).contains(control))
        }
    }

    @Test(arguments: [["-tls1_1"], ["-tls1"]])
    func anOldTLSVersionIsRefusedAndTheServerGoesOn(options: [String]) throws {
        try withTLSServer { server, log in
            let output = try OpenSSLTool.client(port: server.port, options + ["-cipher", "DEFAULT@SECLEVEL=0"])
            #expect(output.contains("alert protocol version"))
            try expectLog(log, containing: "unsupported protocol")
            try expectStillServing(server, nick: "after")
        }
    }

    @Test func aClientHelloThenSilenceIsDroppedAtTheRegistrationTimeout() throws {
        try withTLSServer(configure: { $0.registrationTimeout = 1 }) { server, log in
            let hello = try clientHello()
            let silent = try server.rawClient("silent")
            try silent.send(bytes: hello)
            let started = TestClient.now()
            try silent.expectClosed(within: 5)
            #expect(TestClient.now() - started > 0.5)
            try expectLog(log, containing: "did not finish within the registration timeout")
            try expectStillServing(server, nick: "after")
        }
    }

    @Test func bytesAfterTheHandshakeByteThatAreNotTLSGetAnAlertAndAreClosed() throws {
        try withTLSServer { server, log in
            let garbage = try server.rawClient("garbage")
            try garbage.send(bytes: [0x16] + Array("hello, this is not TLS\r\n".utf8))
            try garbage.expectClosed()
            try expectLog(log, containing: "it began like TLS, but record version 0x68 is not 3.x")
            try expectStillServing(server, nick: "after")
        }
    }

    @Test func aRecordOf100KBIsRefused() throws {
        try withTLSServer { server, log in
            let huge = try server.rawClient("huge")
            try huge.send(bytes: [0x16, 0x03, 0x01, 0xFF, 0xFF, 0x01] + Array(repeating: 0x41, count: 100_000))
            try huge.expectClosed()
            try expectLog(log, containing: "a record of 65535 bytes")
            // A header TLS allows, followed by 100 KB that are no ClientHello: OpenSSL refuses it.
            let filler = try server.rawClient("filler")
            try filler.send(bytes: [0x16, 0x03, 0x01, 0x40, 0x00, 0x01] + Array(repeating: 0x41, count: 100_000))
            try filler.expectClosed()
            try expectLog(log, containing: "TLS handshake failed")
            try expectStillServing(server, nick: "after")
        }
    }

    @Test func aHandshakeCutHalfwayIsRefused() throws {
        try withTLSServer { server, log in
            let hello = try clientHello()
            let cut = try server.rawClient("cut")
            try cut.send(bytes: Array(hello.prefix(hello.count / 2)))
            cut.close()
            try expectLog(log, containing: "TLS handshake failed: the peer closed the connection")
            try expectStillServing(server, nick: "after")
        }
    }

    @Test func aClientThatResetsMidRecordLeavesTheRoomAndOthersStay() throws {
        try withTLSServer { server, _ in
            let bob = try server.ircClient("bob")
            let alice = try TLSTestClient.irc(port: server.port, nick: "alice")
            try bob.expect(containing: "JOIN")
            // Half a record header and payload, then a reset (SO_LINGER 0) instead of a close.
            let fd = alice.transport.descriptor
            var header: [UInt8] = [0x17, 0x03, 0x03, 0x00, 0x40] + Array(repeating: 0x55, count: 20)
            _ = send(fd, &header, header.count, Int32(MSG_NOSIGNAL))
            var option = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            alice.close()
            try bob.expect(containing: "QUIT")
            try expectStillServing(server, nick: "after")
        }
    }

    @Test func withRequireTLSAPlainIRCClientIsToldInOneLineAndClosed() throws {
        try withTLSServer(configure: { $0.requireTLS = true }) { server, log in
            let plain = try server.rawClient("plain")
            try plain.irc("NICK plain")
            try plain.expect(containing: "ERROR :\(ConnectionSecurity.requireTLSForIRC)")
            try plain.expectClosed()
            let text = try server.rawClient("text")
            try text.expect(containing: "-- This server requires TLS. Connect with letschat, or use openssl s_client")
            try text.expectClosed()
            try expectLog(log, containing: "this server requires TLS")
            let secure = try TLSTestClient.irc(port: server.port, nick: "secure")
            try secure.irc("PRIVMSG #letschat :fine")
        }
    }

    @Test func aRoomPasswordOverPlainTextIsRefusedWithTheWayToTLS() throws {
        try withTLSServer(configure: { $0.password = "secret" }) { server, _ in
            let irc = try server.rawClient("irc")
            try irc.irc("PASS secret")
            try irc.irc("NICK plain")
            try irc.irc("USER plain 0 * :Plain")
            let refusal = try irc.expect(containing: " 464 ")
            #expect(refusal.contains("must not cross the network in clear text"))
            #expect(refusal.contains("irssi -tls"))
            #expect(refusal.contains("openssl s_client -quiet -connect"))
            try irc.expectClosed()

            let text = try server.rawClient("text")
            try text.expectPrompt("NICK")
            try text.send("carol\n")
            let advice = try text.expect(containing: "must not cross the network in clear text")
            #expect(advice.contains("in place of nc"))
            #expect(!text.hasReceived { $0.contains("Password") })
            try text.expectClosed()

            let secure = try TLSTestClient.irc(port: server.port, nick: "secure", password: "secret")
            try secure.irc("PRIVMSG #letschat :in")
        }
    }

    @Test func allowPlaintextPasswordLetsAPlainClientInWithThePassword() throws {
        try withTLSServer(configure: { $0.password = "secret"; $0.allowPlaintextPassword = true }) { server, _ in
            let irc = try server.rawClient("irc")
            try irc.irc("PASS secret")
            try irc.irc("NICK plain")
            try irc.irc("USER plain 0 * :Plain")
            try irc.expect(containing: " 001 ")
        }
    }

    @Test func aKeyReadableByOthersStopsTheServerFromStarting() throws {
        try withTemporaryDirectory { directory in
            let history = directory.file("history.txt")
            let paths = ServerCertificate.defaultPaths(historyPath: history)
            _ = try ServerCertificate.loadOrCreate(certificatePath: paths.certificate, keyPath: paths.key, commonName: "t")
            chmod(paths.key, 0o640)
            var configuration = ServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.historyPath = history
            configuration.tls = .automatic
            #expect {
                _ = try Server(configuration: configuration, log: { _ in })
            } throws: { error in
                guard case .certificate(.keyNotPrivate(paths.key, mode: 0o640)) = error as? ServerError else { return false }
                return "\(error)".contains("chmod 600")
            }
        }
    }

    @Test func theProgramRefusesToStartWithAKeyOthersCanReadAndSaysWhy() throws {
        try withTemporaryDirectory { directory in
            let (cert, key) = (directory.file("c.pem"), directory.file("k.pem"))
            _ = try ServerCertificate.loadOrCreate(certificatePath: cert, keyPath: key, commonName: "t")
            chmod(key, 0o644)
            let server = try ServerExecutable(arguments: ["--host", "127.0.0.1", "--port", String(try TestClient.freePort()),
                                                          "--history", directory.file("h.txt"), "--tls-cert", cert, "--tls-key", key],
                                              directory: directory)
            defer { server.stop() }
            let result = server.waitForExit(within: 10)
            #expect(result?.status == 64)
            #expect(server.errorOutput.contains("run: chmod 600 \(key)"))
        }
    }

    @Test func theProgramMakesACertificateOnFirstStartAndShowsItsFingerprint() throws {
        try withTemporaryDirectory { directory in
            let port = try TestClient.freePort()
            let server = try ServerExecutable(arguments: ["--host", "127.0.0.1", "--port", String(port),
                                                          "--history", directory.file("h.txt")], directory: directory)
            defer { server.stop() }
            try server.waitUntilListening()
            let line = try #require(server.output.split(separator: "\n").first { $0.contains("fingerprint") })
            let hex = String(line.suffix(64))
            #expect(hex.allSatisfy { $0.isHexDigit })
            let shown = try OpenSSLTool.client(port: port, ["-showcerts"])
            let fingerprint = try OpenSSLTool.run(["x509", "-noout", "-fingerprint", "-sha256"], input: shown).output
            #expect(fingerprint.replacingOccurrences(of: ":", with: "").contains("=" + hex))
            #expect(FileManager.default.fileExists(atPath: directory.file("letschat-key.pem")))
        }
    }

    @Test func fiftyTLSClientsTalkingAtOnceEachHearEveryLine() throws {
        // 50 handshakes at once under ThreadSanitizer take longer still (see `withTLSServer`).
        try withTLSServer(configure: { $0.maxConnectionsPerAddress = 0; $0.detectMilliseconds = 5000 }) { server, _ in
            let clients = 50, lines = 20, port = server.port
            let connected = DispatchGroup()
            let go = DispatchSemaphore(value: 0)
            let results = LockedBox<[Int]>([])
            let finishes = (0..<clients).map { index in
                connected.enter()
                return TLSTransportTests.background {
                    var entered = false
                    defer { if !entered { connected.leave() } }
                    let client = try TLSTestClient.irc(port: port, nick: "t\(index)")
                    entered = true
                    connected.leave()
                    go.wait()
                    for line in 0..<lines { try client.irc("PRIVMSG #letschat :line \(line) from t\(index)") }
                    let heard = try client.count(containing: "PRIVMSG #letschat :line ", until: (clients - 1) * lines, within: 120)
                    results.set(results.get() + [heard])
                }
            }
            #expect(connected.wait(timeout: .now() + 120) == .success)
            for _ in 0..<clients { go.signal() }
            for finish in finishes { try finish() }
            #expect(results.get() == Array(repeating: (clients - 1) * lines, count: clients))
        }
    }
}
