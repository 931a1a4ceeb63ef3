import Foundation
import LetsChatCore
import LetsChatServer
import TestSupport

/// A raw socket peer: an IRC client (the stand-in for a LetsChat client) or an `nc`-style text client.
///
/// A reader thread collects the lines the server sends and, in IRC mode, answers PING at once, so a
/// server that pings idle clients never drops it. `lock` guards `lines`, `partial` and `isClosed`.
final class LineClient: @unchecked Sendable {
    /// Who this is in failure messages.
    let name: String
    private let socket: Socket
    private let speaksIRC: Bool
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = ""
    private var isClosed = false

    private init(name: String, port: UInt16, speaksIRC: Bool, run: TestRun) throws {
        self.name = name
        self.speaksIRC = speaksIRC
        socket = try Socket.connect(host: "127.0.0.1", port: port)
        let thread = Thread { [self] in readLoop() }
        thread.name = "interop-\(name)"
        thread.start()
        run.onStop { [self] in close() }
    }

    /// Connects as an IRC client, registers as `nick` and waits for the welcome (001).
    static func irc(_ nick: String, port: UInt16, run: TestRun) throws -> LineClient {
        let client = try LineClient(name: nick, port: port, speaksIRC: true, run: run)
        try client.send("NICK \(nick)")
        try client.send("USER \(nick) 0 * :\(nick) (interop test)")
        _ = try client.waitFor("001 (welcome)") { $0.command == "001" }
        return client
    }

    /// Connects as an `nc`-style text client: waits for the `NICK` prompt and answers `nick` and LF.
    static func text(_ nick: String, port: UInt16, run: TestRun) throws -> LineClient {
        let client = try LineClient(name: nick, port: port, speaksIRC: false, run: run)
        try Wait.until("the NICK prompt for \(nick)", seen: { client.transcript }) {
            client.lock.withLock { client.partial == "NICK" }
        }
        try client.send(nick)
        _ = try client.waitForLine("the welcome for \(nick)") { $0.contains("-- Welcome to") }
        return client
    }

    /// Sends one line (CR LF for IRC, LF for text).
    func send(_ line: String) throws {
        let bytes = Array((line + (speaksIRC ? "\r\n" : "\n")).utf8)
        try lock.withLock {
            guard !isClosed else { throw TestFailure("\(name) cannot send \"\(line)\": the server closed the connection") }
            try socket.sendAll(bytes)
        }
    }

    /// Everything received so far, for failure messages.
    var transcript: String {
        lock.withLock { (lines + (partial.isEmpty ? [] : [partial + "⏎?"])).map { "\(name) <- \($0)" }.joined(separator: "\n") }
    }

    /// How many lines have arrived; pass it as `after` to wait only for later ones.
    var count: Int {
        lock.withLock { lines.count }
    }

    /// The IRC messages received from index `after` on.
    func messages(after: Int) -> [IRCMessage] {
        lock.withLock { lines.dropFirst(after).compactMap { try? IRCMessage(parsing: $0) } }
    }

    /// Waits for a received line (from index `after` on) that satisfies `matches`.
    @discardableResult
    func waitForLine(_ what: String, after: Int = 0, timeout: Double = Wait.timeout,
                     _ matches: (String) -> Bool) throws -> String {
        try Wait.value("\(name) to receive \(what)", timeout: timeout, seen: { transcript }) {
            lock.withLock { lines.dropFirst(after).first(where: matches) }
        }
    }

    /// Waits for an IRC message (from index `after` on) that satisfies `matches`.
    @discardableResult
    func waitFor(_ what: String, after: Int = 0, timeout: Double = Wait.timeout,
                 _ matches: (IRCMessage) -> Bool) throws -> IRCMessage {
        let line = try waitForLine(what, after: after, timeout: timeout) { line in
            (try? IRCMessage(parsing: line)).map(matches) ?? false
        }
        return try IRCMessage(parsing: line)
    }

    /// Waits until the server closes the connection.
    func waitUntilClosed(timeout: Double = Wait.timeout) throws {
        try Wait.until("the server to close \(name)'s connection", timeout: timeout, seen: { transcript }) {
            lock.withLock { isClosed }
        }
    }

    /// Hangs up; the reader thread then releases the socket.
    func close() {
        // Once the reader has closed the descriptor its number may belong to another test's socket.
        lock.withLock { if !isClosed { socket.shutdown() } }
    }

    private func readLoop() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let socket = self.socket
        while true {
            let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try socket.receive(into: raw) }) ?? 0
            if count <= 0 { break }
            pending += buffer[0..<count]
            var arrived: [String] = []
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = pending[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                arrived.append(TextSanitizer.decode(Array(line)))
                pending.removeSubrange(...newline)
            }
            let rest = TextSanitizer.decode(pending)
            lock.withLock {
                lines += arrived
                partial = rest
            }
            if speaksIRC { answerPings(in: arrived) }
        }
        lock.withLock {
            isClosed = true
            socket.close()
        }
    }

    private func answerPings(in arrived: [String]) {
        for line in arrived {
            guard let message = try? IRCMessage(parsing: line), message.command == "PING" else { continue }
            try? send(IRCMessage(command: "PONG", params: message.params).serialized)
        }
    }
}
