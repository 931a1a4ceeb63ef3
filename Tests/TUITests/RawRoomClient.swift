import LetsChatCore
import LetsChatServer
import TestSupport

/// A plain IRC client in the room, for end-to-end tests: it reads everything, answers PING, counts
/// what others send, and sends lines unpaced.
final class RawRoomClient {
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

    /// Sends `line` (without CR LF) at once.
    func send(_ line: String) throws {
        try socket.sendAll(line + "\r\n")
    }

    /// Closes the connection.
    func close() {
        socket.close()
    }

    private func next(deadline: Double, waitingFor what: String = "registration") throws -> IRCMessage {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while pending.isEmpty {
            let left = deadline - MonotonicClock.now()
            guard left > 0 else { throw TestFailure("the observer waited in vain for \(what)") }
            guard socket.waitReadable(milliseconds: Int32(min(left, 1) * 1000) + 1) else { continue }
            let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try socket.receive(into: raw) }
            guard count > 0 else {
                throw TestFailure("the server closed the observer's connection while it waited for \(what)")
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
