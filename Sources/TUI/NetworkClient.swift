import Foundation
import LetsChatCore
import LetsChatServer

/// The client's connection to its server, run on its own thread ("letschat-network").
///
/// The UI thread calls `send`, `sendTyping`, `cancelQueued`, `register` and `stop`; they only queue work under
/// `lock` and wake the network thread through `control`. The network thread owns the socket,
/// registers (CAP, NICK, USER, then JOIN), takes the steps `ServerReplies.table` gives it for each
/// server line (PONG, nickname fallback...), pings a silent server to find half-open connections,
/// and reconnects with backoff, through a `ServerConnector` held to the same `TLSPolicy` and pin as
/// the first connection (a certificate to ask about or to refuse goes to the UI instead). Every line
/// it writes counts in its `SendPacer`, and the user's lines
/// wait for it, so the server's flood control never drops the client; a `+typing` notice waits only for
/// the pacer, not behind the user's lines. It hands everything it
/// receives to the UI as `NetworkEvent`s in `inbox` and wakes the UI through `uiWake`.
final class NetworkClient: @unchecked Sendable {
    /// Seconds of silence before the client pings the server.
    let idlePing: Double
    /// Seconds a ping may go unanswered before the connection counts as dead (half-open).
    let pingTimeout: Double

    private let connector: ServerConnector
    private let password: String?
    private let uiWake: WakePipe
    private let control = WakePipe()
    /// Guards `inbox`, `outbox`, `typingNotice`, `batchSent`, `batchTotal`, `wantedNick`, `stopping` and `policy`.
    private let lock = NSLock()
    /// How reconnections treat TLS; the user trusting a certificate pins it here.
    private var policy: TLSPolicy
    private var inbox: [NetworkEvent] = []
    private var outbox: [String] = []
    /// The newest typing notice not sent yet; only the latest state is worth telling.
    private var typingNotice: String?
    private var wantedNick: String?
    private var stopping: String?
    /// Signalled once when the network thread ends.
    private let finished = DispatchSemaphore(value: 0)

    /// Lines of the current batch sent, and in all (sent or in `outbox`); a batch ends when `outbox` empties.
    private var batchSent = 0, batchTotal = 0

    // Owned by the network thread.
    private var backoff = ReconnectBackoff()
    private var registration: Registration
    private var pacer = SendPacer(now: MonotonicClock.now())
    /// Whether the UI was told of a batch that had to wait, so it hears when the batch is done.
    private var reportingProgress = false

    /// A client for `channel` on `host` port `port` that wakes the UI through `uiWake` and reconnects
    /// as `policy` says; `start(with:encrypted:)` runs it.
    init(host: String, port: UInt16, channel: String, password: String?, uiWake: WakePipe,
         idlePing: Double = 90, pingTimeout: Double = 45, policy: TLSPolicy = TLSPolicy()) {
        self.idlePing = idlePing
        self.pingTimeout = pingTimeout
        connector = ServerConnector(host: host, port: port)
        self.policy = policy
        self.password = password
        self.uiWake = uiWake
        registration = Registration(channel: channel, hasPassword: password != nil)
    }

    /// Starts the network thread with an already connected transport, `encrypted` or not (the first
    /// connect happens before the screen opens, so a missing server is reported plainly); with nil,
    /// the thread connects at once itself (after the user trusted the certificate it was shown).
    func start(with transport: (any Transport)?, encrypted: Bool = false) {
        let thread = Thread { [self] in run(first: transport, encrypted: encrypted) }
        thread.name = "letschat-network"
        thread.start()
    }

    /// Queues raw IRC lines (without CR LF) for the server, in order; each goes as soon as the pacer lets it.
    func send(_ lines: [String]) {
        lock.withLock {
            outbox.append(contentsOf: lines)
            batchTotal += lines.count
        }
        control.signal()
    }

    /// Queues a `+typing` notice (without CR LF) to go before the queued lines, as soon as the pacer
    /// lets one line go; it is not part of a batch's progress. A notice still waiting is replaced.
    func sendTyping(_ line: String) {
        lock.withLock { typingNotice = line }
        control.signal()
    }

    /// Drops the queued lines that have not gone yet; the UI hears how many as `.sendCancelled`.
    func cancelQueued() {
        let unsent = lock.withLock {
            defer {
                outbox.removeAll()
                batchTotal = batchSent
            }
            return outbox.count
        }
        guard unsent > 0 else { return }
        post(.sendCancelled(unsent: unsent))
        // Wake the network thread, so that the batch's last progress report comes now, not at the pacer's next tick.
        control.signal()
    }

    /// Pins `fingerprint` for the reconnections, once the user trusted it; a reconnection waiting for
    /// that answer goes on at once.
    func trust(_ fingerprint: Fingerprint) {
        lock.withLock { policy = policy.trusting(fingerprint) }
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

    private func run(first: (any Transport)?, encrypted: Bool) {
        defer { finished.signal() }
        var next: (transport: any Transport, encrypted: Bool)? = first.map { ($0, encrypted) } ?? reconnect()
        while stopReason == nil {
            if let (socket, encrypted) = next {
                backoff.reset()
                post(.security(encrypted: encrypted))
                let reason = converse(on: socket)
                socket.close()
                if stopReason != nil { return }
                guard let reason else {
                    // The server stopped waiting while the user chose a nickname (its registration
                    // timeout): nothing the user needs to hear. Connect again once there is a name.
                    while stopReason == nil, lock.withLock({ wantedNick }) == nil { waitForControl(milliseconds: -1) }
                    if stopReason != nil { return }
                    next = reconnect()
                    continue
                }
                if let hopeless = registration.hopeless {
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
            next = reconnect()
        }
        next?.transport.close()
    }

    /// Connects again under the current policy. A certificate to ask about goes to the UI, and the
    /// thread waits for the answer (`trust`, or the user leaving); a refusal goes to the UI, which
    /// stops the program. Nil when there is no connection to use.
    private func reconnect() -> (transport: any Transport, encrypted: Bool)? {
        while stopReason == nil {
            let outcome: ServerConnector.Outcome
            do {
                outcome = try connector.connect(policy: lock.withLock { policy })
            } catch {
                post(.disconnected(reason: error.description))
                return nil
            }
            switch outcome {
            // A --fingerprint pin was written when it first matched, so `recording` is nil here.
            case .ready(let transport, let encrypted, _):
                return (transport, encrypted)
            case .ask(let fingerprint):
                post(.untrusted(fingerprint))
                while stopReason == nil, lock.withLock({ policy.pin == nil }) { waitForControl(milliseconds: -1) }
            case .refused(.refuseWithoutTLS):
                // Not a matter of trust: the server may have TLS again at the next attempt.
                post(.disconnected(reason: "the server did not answer in TLS, and --tls asks for it"))
                return nil
            case .refused(.refusePasswordInPlainText):
                post(.disconnected(reason: "the server did not answer in TLS, and the room password is not sent "
                                   + "in plain text (--no-tls would send it)"))
                return nil
            case .refused(let decision):
                post(.refused(decision))
                while stopReason == nil { waitForControl(milliseconds: -1) }
            }
        }
        return nil
    }

    /// Runs one connection until it fails or the user quits; returns why it ended, or nil when the
    /// server closed it with ERROR before the user had chosen a nickname.
    private func converse(on socket: any Transport) -> String? {
        var reader = NetworkReader(transport: socket)
        var sentNick = false
        var lastHeard = MonotonicClock.now()
        var pinged = false
        registration.restart()
        pacer.reset(now: MonotonicClock.now())
        // A notice meant for the last connection tells the new one nothing.
        lock.withLock { typingNotice = nil }
        post(.connected)
        guard send(IRCLine(command: "CAP", params: ["LS", "302"]), to: socket) else { return "the connection failed" }
        while true {
            if let reason = stopReason {
                _ = send(IRCLine(command: "QUIT", params: [], trailing: reason), to: socket)
                socket.shutdownWriting()
                return "quit"
            }
            if registration.nick == nil { registration.nick = lock.withLock { wantedNick } }
            if !sentNick, let nick = registration.nick {
                sentNick = true
                if let password, !send(IRCLine(command: "PASS", params: [], trailing: password), to: socket) {
                    return "the connection failed"
                }
                let user = Nickname.suggestion(from: nick) ?? "letschat"
                guard send(IRCLine(command: "NICK", params: [nick]), to: socket),
                      send(IRCLine(command: "USER", params: [user, "0", "*"], trailing: "LetsChat user"), to: socket)
                else { return "the connection failed" }
            }
            guard !registration.registered || sendQueued(to: socket) else { return "the connection failed" }
            let silence = MonotonicClock.now() - lastHeard
            if silence > idlePing + (pinged ? pingTimeout : 0) {
                if pinged { return "the server stopped answering (ping timeout)" }
                pinged = true
                guard send(IRCLine(command: "PING", params: [], trailing: "letschat"), to: socket) else {
                    return "the connection failed"
                }
            }
            var waitSeconds = idlePing + (pinged ? pingTimeout : 0) - silence
            // A timer only while lines wait for the pacer; otherwise the thread sleeps until something happens.
            if registration.registered, lock.withLock({ !outbox.isEmpty || typingNotice != nil }) {
                waitSeconds = min(waitSeconds, pacer.delay(now: MonotonicClock.now()))
            }
            switch reader.wait(control: control.readDescriptor, milliseconds: Int32(max(1, (waitSeconds * 1000).rounded(.up)))) {
            case .control:
                control.drain()
            case .closed(let reason):
                return reason
            case .lines(let lines):
                lastHeard = MonotonicClock.now()
                pinged = false
                for line in lines {
                    guard let message = try? IRCMessage(parsing: line) else { continue }
                    if message.command == "ERROR" && registration.nick == nil { return nil }
                    let reaction = ServerReplies.entry(for: message.command)?.step?(&registration, message)
                        ?? Registration.Reaction()
                    for reply in reaction.replies {
                        guard send(reply, to: socket) else { return "the connection failed" }
                    }
                    if reaction.welcomed { pacer.registered(now: MonotonicClock.now()) }
                    if let limits = reaction.limits { pacer.adopt(limits, now: MonotonicClock.now()) }
                    post(.received(message))
                    if let end = reaction.end {
                        _ = send(IRCLine(command: "QUIT", params: [], trailing: end), to: socket)
                        return end
                    }
                }
            case .timeout:
                continue
            }
        }
    }

    /// Sends the typing notice and the user's queued lines as fast as the pacer lets them go, and tells
    /// the UI how far a batch that had to wait has got; false if the connection failed.
    private func sendQueued(to socket: any Transport) -> Bool {
        while true {
            let next: (line: String, isTyping: Bool)? = lock.withLock {
                guard typingNotice != nil || !outbox.isEmpty, pacer.take(now: MonotonicClock.now()) else { return nil }
                if let notice = typingNotice {
                    typingNotice = nil
                    return (notice, true)
                }
                return (outbox.removeFirst(), false)
            }
            guard let next else { break }
            guard write(next.line, to: socket) else { return false }
            if !next.isTyping { lock.withLock { batchSent += 1 } }
        }
        let (sent, total, waiting) = lock.withLock { (batchSent, batchTotal, !outbox.isEmpty) }
        if waiting || reportingProgress {
            reportingProgress = waiting
            post(.sending(sent: sent, total: total))
        }
        if !waiting { lock.withLock { (batchSent, batchTotal) = (0, 0) } }
        return true
    }

    /// Writes a line that cannot wait for the pacer (registration, PONG, PING, QUIT), counting it there.
    private func send(_ line: IRCLine, to socket: any Transport) -> Bool {
        send(line.text, to: socket)
    }

    /// Writes the text of a line Registration made, as `send(_:to:)` does.
    private func send(_ text: String, to socket: any Transport) -> Bool {
        pacer.record(now: MonotonicClock.now())
        return write(text, to: socket)
    }

    // Every line here is the text of an `IRCLine` (ChatSession's and Registration's come as text).
    private func write(_ text: String, to socket: any Transport) -> Bool {
        (try? socket.sendAll(text + "\r\n")) != nil
    }

    private func waitForControl(milliseconds: Int32) {
        var entry = pollfd(fd: control.readDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&entry, 1, milliseconds) > 0 { control.drain() }
    }
}
