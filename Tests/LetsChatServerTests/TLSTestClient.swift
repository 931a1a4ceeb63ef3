import LetsChatCore
@testable import LetsChatServer

/// A test's TLS client: `TLSTransport` in client mode (pinned, so any certificate is accepted and
/// the test compares fingerprints itself), reading lines with a deadline on every wait.
final class TLSTestClient {
    /// The connection.
    let transport: TLSTransport
    /// A name for failure messages.
    let label: String
    /// Every complete line received so far, without CR LF.
    private(set) var lines: [String] = []
    private var cursor = 0
    private var framer = LineFramer(maxLineBytes: 64 * 1024)
    private var closed = false

    /// Connects to 127.0.0.1:`port` and completes the handshake.
    init(port: UInt16, label: String) throws {
        self.label = label
        transport = try TLSTransport.connect(host: "127.0.0.1", port: port, context: TLSContext.client(verification: .pinned))
        guard try transport.handshake(milliseconds: 5000) else {
            throw TestClientError(description: "\(label): no TLS handshake within 5 s")
        }
    }

    private var isClosed = false

    deinit {
        close()
    }

    /// Closes the connection (idempotent).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        transport.close()
    }

    /// Connects over TLS, registers as `nick` (sending `PASS password` first when given) and waits
    /// until it is in the room.
    static func irc(port: UInt16, nick: String, password: String? = nil) throws -> TLSTestClient {
        let client = try TLSTestClient(port: port, label: nick)
        if let password { try client.irc("PASS \(password)") }
        try client.irc("NICK \(nick)")
        try client.irc("USER \(nick) 0 * :\(nick) over TLS")
        // Generous: fifty of these register at once in a test, also under ThreadSanitizer.
        try client.expect(containing: " 366 ", within: 60)
        return client
    }

    /// Sends one line; CR LF is added.
    func irc(_ line: String) throws {
        try transport.sendAll(line + "\r\n")
    }

    /// Reads until a line containing `text` arrives and returns it; lines before it are skipped.
    @discardableResult
    func expect(containing text: String, within timeout: Double = TestClient.defaultTimeout) throws -> String {
        let deadline = TestClient.now() + timeout
        while true {
            while cursor < lines.count {
                cursor += 1
                if lines[cursor - 1].contains(text) { return lines[cursor - 1] }
            }
            if closed { throw failure("the server closed the connection while waiting for \(text)") }
            guard try receive(until: deadline) else { throw failure("waited \(timeout) s for \(text)") }
        }
    }

    /// Reads until the server closes the connection.
    func expectClosed(within timeout: Double = TestClient.defaultTimeout) throws {
        let deadline = TestClient.now() + timeout
        while !closed {
            guard try receive(until: deadline) else { throw failure("waited \(timeout) s for the server to close") }
        }
    }

    /// Counts, until `count` arrived or `timeout` passed, the lines containing `text`; returns how many came.
    func count(containing text: String, until count: Int, within timeout: Double) throws -> Int {
        let deadline = TestClient.now() + timeout
        var found = 0
        while found < count {
            while cursor < lines.count {
                if lines[cursor].contains(text) { found += 1 }
                cursor += 1
            }
            if found >= count || closed { break }
            guard try receive(until: deadline) else { break }
        }
        return found
    }

    private func receive(until deadline: Double) throws -> Bool {
        let remaining = deadline - TestClient.now()
        guard remaining > 0 else { return false }
        guard transport.waitReadable(milliseconds: Int32(remaining * 1000) + 1) else { return false }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let transport = self.transport
        let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try transport.receive(into: raw) }
        guard count > 0 else {
            closed = true
            return true
        }
        framer.append(buffer[0..<count])
        while let item = framer.next() {
            if case .line(var bytes) = item {
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return true
    }

    private func failure(_ text: String) -> TestClientError {
        TestClientError(description: "\(label): \(text); last lines received:\n"
            + lines.suffix(8).map { "    \($0)" }.joined(separator: "\n"))
    }
}

/// A TCP relay on loopback that records every byte passing through, as a capture on the wire would.
final class RecordingRelay {
    /// The port clients connect to instead of the server's.
    let port: UInt16
    private let listener: Socket
    private let recorded = LockedBox<[UInt8]>([])

    /// Relays one connection at a time from a free loopback port to 127.0.0.1:`target`.
    init(to target: UInt16) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = listener.localPort
        let listener = self.listener, recorded = self.recorded
        _ = TLSTransportTests.background {
            while let (client, _) = try? listener.accept() {
                let server = try Socket.connect(host: "127.0.0.1", port: target)
                for (from, to) in [(client, server), (server, client)] {
                    _ = TLSTransportTests.background {
                        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
                        while true {
                            let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in
                                try from.receive(into: raw)
                            }) ?? 0
                            guard count > 0 else { break }
                            recorded.set(recorded.get() + buffer[0..<count])
                            try? to.sendAll(Array(buffer[0..<count]))
                        }
                        to.shutdownWriting()
                    }
                }
            }
        }
    }

    /// Every byte that passed, both directions interleaved as they came.
    var bytes: [UInt8] { recorded.get() }

    /// Stops accepting (relayed connections end when their ends close).
    func stop() {
        listener.shutdown()
        listener.close()
    }
}
