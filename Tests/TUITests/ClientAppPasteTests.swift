import Foundation
import LetsChatCore
import LetsChatServer
import Testing
@testable import TUI

/// End-to-end: a long paste from the real `letschat` against a server with default flood control.
@Suite struct ClientAppPasteTests {
    private static let tmuxReason: Comment =
        "tmux is not installed: install it to run the end-to-end tests (with CI=true they fail instead)"

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func twoHundredPastedLinesAllArriveInOrderAndTheSenderStaysConnected() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        let observer = try RoomObserver(port: server.port, nick: "carol")
        defer { observer.close() }
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", "both in the user list") { $0.contains("│alice") && $0.contains("│carol") }

        let lines = (1...200).map { String(format: "paste line %03d", $0) }
        try scene.tmux.run(["set-buffer", "-b", "paste", lines.joined(separator: "\n") + "\n"])
        try scene.tmux.run(["paste-buffer", "-p", "-d", "-b", "paste", "-t", "alice"])
        try scene.tmux.waitFor("alice", toShow: "| paste line 200")
        try scene.tmux.press("alice", "Enter")
        try scene.tmux.waitFor("alice", "the status bar counting the lines sent") { $0.contains("sending ") && $0.contains("/200") }

        // Paced by LINERATE (15 at once, then 4.5 a second) this takes about 45 s; without the token
        // the client falls back to irssi's pace (one line every 2.2 s), which is slow but as safe.
        let seconds = observer.serverAdvertisesLineRate ? 120.0 : 600.0
        let received = try observer.messages(from: "alice", count: lines.count, seconds: seconds)
        #expect(received == lines)
        let screen = try scene.tmux.waitFor("alice", "the status bar to stop counting") { !$0.contains("sending ") }
        #expect(!screen.contains("Disconnected"), "the sender was dropped:\n\(screen)")
        #expect(!screen.contains("Reconnected"), "the sender was dropped:\n\(screen)")
        #expect(observer.quits.isEmpty, "the server dropped someone: \(observer.quits)")
    }
}

/// A plain IRC client in the room that reads everything and answers PING, to count what others send.
private final class RoomObserver {
    private let socket: Socket
    private var framer = LineFramer(maxLineBytes: 16 * 1024)
    private var pending: [IRCMessage] = []
    /// Whether the server's 005 lines carried `LINERATE`.
    private(set) var serverAdvertisesLineRate = false
    /// QUIT lines seen after joining.
    private(set) var quits: [String] = []

    /// Connects as `nick`, registers and joins `#letschat`.
    init(port: UInt16, nick: String) throws {
        socket = try Socket.connect(host: "127.0.0.1", port: port)
        try socket.sendAll("NICK \(nick)\r\nUSER \(nick) 0 * :observer\r\nJOIN #letschat\r\n")
        while true {
            let message = try next(deadline: MonotonicClock.now() + 10)
            if message.command == "005", message.params.contains(where: { $0.hasPrefix("LINERATE=") }) {
                serverAdvertisesLineRate = true
            }
            if message.command == "366" { break }
        }
    }

    /// The texts of the next `count` room messages from `nick`, waiting at most `seconds` in all.
    func messages(from nick: String, count: Int, seconds: Double) throws -> [String] {
        let deadline = MonotonicClock.now() + seconds
        var texts: [String] = []
        while texts.count < count {
            let message = try next(deadline: deadline, waitingFor: "\(count) messages from \(nick), got \(texts.count)")
            if message.command == "PRIVMSG", message.sourceNick == nick { texts.append(message.params.last ?? "") }
        }
        return texts
    }

    func close() {
        socket.close()
    }

    private func next(deadline: Double, waitingFor what: String = "registration") throws -> IRCMessage {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while pending.isEmpty {
            let left = deadline - MonotonicClock.now()
            guard left > 0 else { throw E2EFailure("the observer waited in vain for \(what)") }
            guard socket.waitReadable(milliseconds: Int32(min(left, 1) * 1000) + 1) else { continue }
            let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try socket.receive(into: raw) }
            guard count > 0 else {
                throw E2EFailure("the server closed the observer's connection while it waited for \(what)")
            }
            framer.append(buffer[0..<count])
            while case .line(let bytes)? = framer.next() {
                guard let message = try? IRCMessage(parsing: TextSanitizer.decode(bytes)) else { continue }
                if message.command == "PING" { try socket.sendAll("PONG :\(message.params.last ?? "")\r\n") }
                if message.command == "QUIT" { quits.append((message.sourceNick ?? "") + ": " + (message.params.last ?? "")) }
                pending.append(message)
            }
        }
        return pending.removeFirst()
    }
}
