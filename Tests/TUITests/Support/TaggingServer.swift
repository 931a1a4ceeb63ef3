import Foundation
import LetsChatCore
import LetsChatServer
import TestSupport

/// A stand-in IRC server on 127.0.0.1 that offers `server-time` and `message-tags`, so the client's
/// typing notices can be tested before our own server relays them. It serves one client: grants what
/// it asks for, registers it, puts it in #letschat with bob, keeps every line it sends, and lets the
/// test speak for bob (`say`). `@unchecked Sendable`: `received` and `client` are only touched under `lock`.
final class TaggingServer: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    // `stop()` only shuts the listener down; the serving thread alone closes it, when accept fails.
    private let listener: Socket
    /// Guards `received` and `client`.
    private let lock = NSLock()
    private var received: [String] = []
    private var client: Socket?

    init() throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = listener.localPort
        let thread = Thread { [self] in serve() }
        thread.name = "tagging-server"
        thread.start()
    }

    /// Stops listening and ends the connection being served.
    func stop() {
        listener.shutdown()
        lock.withLock { client?.shutdown() }
    }

    /// Sends `line` (without CR LF) to the client.
    func say(_ line: String) throws {
        guard let client = lock.withLock({ self.client }) else {
            throw TestFailure("no client is connected to the stand-in server")
        }
        try client.sendAll(line + "\r\n")
    }

    /// Every line the client has sent so far.
    var lines: [String] {
        lock.withLock { received }
    }

    /// Waits until the client has sent `line`; returns everything it sent up to then.
    @discardableResult
    func waitFor(_ line: String) throws -> [String] {
        try Wait.value("the client to send \"\(line)\"", seen: { self.lines.joined(separator: "\n") }) {
            let lines = self.lines
            return lines.contains(line) ? lines : nil
        }
    }

    private func serve() {
        while let (socket, _) = try? listener.accept() {
            lock.withLock { client = socket }
            converse(with: socket)
            socket.close()
        }
        listener.close()
    }

    private func converse(with socket: Socket) {
        var framer = LineFramer(maxLineBytes: 8192)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var nick = "*"
        // As a real server, registration waits for CAP END once the client started negotiating.
        var negotiating = false, hasUser = false
        while socket.waitReadable(milliseconds: 30_000) {
            let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in
                try socket.receive(into: raw)
            }) ?? 0
            guard count > 0 else { return }
            framer.append(buffer[0..<count])
            while case .line(let bytes)? = framer.next() {
                let line = String(decoding: bytes, as: UTF8.self)
                lock.withLock { received.append(line) }
                guard let message = try? IRCMessage(parsing: line) else { continue }
                var replies: [String] = []
                switch (message.command, message.params.first ?? "") {
                case ("CAP", "LS"):
                    negotiating = true
                    replies = [":standin CAP * LS :server-time message-tags"]
                case ("CAP", "REQ"): replies = [":standin CAP * ACK :\(message.params.last ?? "")"]
                case ("CAP", "END"): negotiating = false
                case ("NICK", let wanted): nick = wanted
                case ("USER", _): hasUser = true
                case ("JOIN", let room):
                    replies = [":\(nick)!\(nick)@127.0.0.1 JOIN \(room)", ":standin 353 \(nick) = \(room) :\(nick) bob",
                               ":standin 366 \(nick) \(room) :End of /NAMES list"]
                default: break
                }
                if hasUser && !negotiating && nick != "*" && ["CAP", "USER", "NICK"].contains(message.command) {
                    replies.append(":standin 001 \(nick) :Welcome")
                    hasUser = false
                }
                if !replies.isEmpty { _ = try? socket.sendAll(replies.map { $0 + "\r\n" }.joined()) }
            }
        }
    }
}
