import Foundation
import LetsChatCore
import LetsChatServer

/// The client's connection to its server, run on its own thread ("letschat-network").
///
/// The UI thread calls `send`, `register` and `stop`; they only queue work under `lock` and wake
/// the network thread through `control`. The network thread owns the socket, registers (CAP,
/// NICK, USER, then JOIN), answers PING, pings a silent server to find half-open connections,
/// and reconnects with backoff. It hands everything it receives to the UI as `NetworkEvent`s in
/// `inbox` (guarded by `lock`) and wakes the UI through `uiWake`.
final class NetworkClient: @unchecked Sendable {
    /// Seconds of silence before the client pings the server.
    let idlePing: Double
    /// Seconds a ping may go unanswered before the connection counts as dead (half-open).
    let pingTimeout: Double

    private let host: String
    private let port: UInt16
    private let channel: String
    private let password: String?
    private let uiWake: WakePipe
    private let control = WakePipe()
    private let lock = NSLock()
    private var inbox: [NetworkEvent] = []
    private var outbox: [String] = []
    private var wantedNick: String?
    private var stopping: String?
    /// Signalled once when the network thread ends.
    private let finished = DispatchSemaphore(value: 0)

    // Owned by the network thread.
    private var backoff = ReconnectBackoff()
    /// Why reconnecting cannot help (wrong password, every nickname refused); set by the network thread.
    private var hopeless: String?
    private var fallback: NickFallback?
    private var ownNick: String?

    /// A client for `channel` on `host` port `port` that wakes the UI through `uiWake`; `start(with:)` runs it.
    init(host: String, port: UInt16, channel: String, password: String?, uiWake: WakePipe,
         idlePing: Double = 90, pingTimeout: Double = 45) {
        self.idlePing = idlePing
        self.pingTimeout = pingTimeout
        self.host = host
        self.port = port
        self.channel = channel
        self.password = password
        self.uiWake = uiWake
    }

    /// Starts the network thread with an already connected transport (the first connect happens
    /// before the screen opens, so a missing server is reported plainly).
    func start(with transport: any Transport) {
        let thread = Thread { [self] in run(first: transport) }
        thread.name = "letschat-network"
        thread.start()
    }

    /// Queues a raw IRC line (without CR LF) for the server.
    func send(_ line: String) {
        lock.withLock { outbox.append(line) }
        control.signal()
    }

    /// Sets the nickname to register with; the network thread sends NICK and USER.
    func register(nick: String) {
        lock.withLock { wantedNick = nick }
        control.signal()
    }

    /// Sends QUIT with `reason`, closes the connection and ends the thread; waits up to `seconds`
    /// for that, so the QUIT leaves before the process does.
    func stop(reason: String, waitingUpTo seconds: Double) {
        lock.withLock { stopping = reason }
        control.signal()
        _ = finished.wait(timeout: .now() + seconds)
    }

    /// Takes the events that arrived since the last call.
    func takeEvents() -> [NetworkEvent] {
        lock.withLock {
            defer { inbox.removeAll() }
            return inbox
        }
    }

    private func post(_ event: NetworkEvent) {
        lock.withLock { inbox.append(event) }
        uiWake.signal()
    }

    private var stopReason: String? {
        lock.withLock { stopping }
    }

    private func run(first: any Transport) {
        defer { finished.signal() }
        var next: (any Transport)? = first
        while stopReason == nil {
            if let socket = next {
                backoff.reset()
                let reason = converse(on: socket)
                socket.close()
                if stopReason != nil { return }
                if let hopeless {
                    // Trying again would be refused the same way; wait for the user to quit.
                    post(.gaveUp(reason: hopeless))
                    while stopReason == nil { waitForControl(milliseconds: -1) }
                    return
                }
                post(.disconnected(reason: reason))
            }
            next = nil
            let delay = backoff.nextDelay()
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            post(.reconnecting(seconds: seconds))
            let deadline = MonotonicClock.now() + seconds
            while stopReason == nil, MonotonicClock.now() < deadline {
                waitForControl(milliseconds: Int32(max(1, (deadline - MonotonicClock.now()) * 1000)))
            }
            if stopReason != nil { return }
            do {
                next = try PlainTransport.connect(host: host, port: port)
            } catch {
                post(.disconnected(reason: error.description))
            }
        }
        next?.close()
    }

    /// Runs one connection until it fails or the user quits; returns why it ended.
    private func converse(on socket: any Transport) -> String {
        var reader = NetworkReader(transport: socket)
        var registered = false
        var sentNick = false
        var lastHeard = MonotonicClock.now()
        var pinged = false
        fallback = nil
        ownNick = nil
        post(.connected)
        guard write("CAP LS 302", to: socket) else { return "the connection failed" }
        while true {
            if let reason = stopReason {
                _ = write("QUIT :\(reason)", to: socket)
                socket.shutdownWriting()
                return "quit"
            }
            if !sentNick, let nick = lock.withLock({ wantedNick }) {
                sentNick = true
                if let password, !write("PASS :\(password)", to: socket) { return "the connection failed" }
                guard write("NICK \(nick)", to: socket),
                      write("USER \(Nickname.suggestion(from: nick) ?? "letschat") 0 * :LetsChat user", to: socket)
                else { return "the connection failed" }
            }
            if registered {
                for line in lock.withLock({ defer { outbox.removeAll() }; return outbox }) {
                    guard write(line, to: socket) else { return "the connection failed" }
                }
            }
            let silence = MonotonicClock.now() - lastHeard
            if silence > idlePing + (pinged ? pingTimeout : 0) {
                if pinged { return "the server stopped answering (ping timeout)" }
                pinged = true
                guard write("PING :letschat", to: socket) else { return "the connection failed" }
            }
            let waitSeconds = idlePing + (pinged ? pingTimeout : 0) - silence
            switch reader.wait(control: control.readDescriptor, milliseconds: Int32(max(1, waitSeconds * 1000))) {
            case .control:
                control.drain()
            case .closed(let reason):
                return reason
            case .lines(let lines):
                lastHeard = MonotonicClock.now()
                pinged = false
                for line in lines {
                    guard let message = try? IRCMessage(parsing: line) else { continue }
                    let problem = handleProtocol(message, on: socket, registered: &registered)
                    post(.received(message))
                    if let problem {
                        _ = write("QUIT :\(problem)", to: socket)
                        return problem
                    }
                }
            case .timeout:
                continue
            }
        }
    }

    /// Answers what the protocol needs without the user; returns why the connection must end, if it must.
    private func handleProtocol(_ message: IRCMessage, on socket: any Transport, registered: inout Bool) -> String? {
        let failed = "the connection failed"
        switch message.command {
        case "PING":
            let pong = IRCMessage(command: "PONG", params: message.params.isEmpty ? ["letschat"] : message.params)
            return write(pong.serialized, to: socket) ? nil : failed
        case "CAP":
            let sub = message.params.count > 1 ? message.params[1].uppercased() : ""
            if sub == "LS" {
                let offered = (message.params.last ?? "").split(separator: " ").map { String($0.prefix { $0 != "=" }) }
                let request = offered.contains("server-time") && message.params.count >= 3
                    ? "CAP REQ :server-time" : "CAP END"
                return write(request, to: socket) ? nil : failed
            }
            if sub == "ACK" || sub == "NAK" { return write("CAP END", to: socket) ? nil : failed }
        case "001":
            registered = true
            ownNick = message.params.first
            return write("JOIN \(channel)", to: socket) ? nil : failed
        case "NICK":
            // Follow the user's own nick changes, so that a reconnection registers with the new nick.
            if let own = ownNick, let from = message.sourceNick, Nickname.folded(from) == Nickname.folded(own),
               let new = message.params.first {
                ownNick = new
                lock.withLock { wantedNick = new }
            }
        case "433" where !registered, "432" where !registered:
            // After registration a refused /nick only leaves the old nick in place; before it, the
            // connection is useless without a nickname, so try variants, but not forever.
            let wanted = lock.withLock { wantedNick } ?? "guest"
            if fallback?.wanted != wanted { fallback = NickFallback(wanted: wanted) }
            guard let next = fallback?.next(after: message.command) else {
                hopeless = "the server refused the nickname \(wanted) and its variants; start letschat with another --nick"
                return hopeless
            }
            return write("NICK \(next)", to: socket) ? nil : failed
        case "464":
            hopeless = password == nil
                ? "this room needs a password: set LETSCHAT_PASSWORD and start letschat again"
                : "the server refused the password in LETSCHAT_PASSWORD"
            return hopeless
        default:
            break
        }
        return nil
    }

    private func write(_ line: String, to socket: any Transport) -> Bool {
        (try? socket.sendAll(line + "\r\n")) != nil
    }

    private func waitForControl(milliseconds: Int32) {
        var entry = pollfd(fd: control.readDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&entry, 1, milliseconds) > 0 { control.drain() }
    }
}
