#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LetsChatCore
import LetsChatServer

/// The client program: connects, takes over the terminal and runs the UI loop on the calling
/// (UI) thread until the user quits. The network lives on `NetworkClient`'s thread.
public enum ClientApp {
    /// Runs the client; returns the process exit status. Problems before the screen opens are
    /// printed as one line on standard error.
    public static func run(_ options: ClientOptions) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // A terminal that cannot work is reported before a room is hosted or a server is contacted.
        do {
            try Terminal.checkUsable()
        } catch {
            complain(error.description)
            return 1
        }
        var server: Server?
        var joinHint: String?
        var hostingNote: String?
        // The hosted room's own certificate: trusted without asking, and shown for others to compare.
        var servedFingerprint: Fingerprint?
        var fingerprintLines: [String] = []
        if options.serve {
            var configuration = ServerConfiguration()
            configuration.port = options.port
            configuration.channel = options.channel
            configuration.tls = options.tls == .off ? .off : .automatic
            configuration.password = ProcessInfo.processInfo.environment["LETSCHAT_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            do {
                let hosted = try Server(configuration: configuration, log: { _ in })
                hosted.start()
                server = hosted
                let hosts = JoinAddresses.current()
                let portFlag = hosted.port == 55556 ? "" : " --port \(hosted.port)"
                joinHint = hosts.first.map { "join: letschat \($0)\(portFlag)" } ?? "hosting on port \(hosted.port)"
                hostingNote = hosts.isEmpty ? "Hosting \(options.channel) on port \(hosted.port); no network address found."
                    : "Hosting \(options.channel). Others join with: "
                    + hosts.map { "letschat \($0)\(portFlag)" }.joined(separator: ", ")
                    + " (or nc \(hosts[0]) \(hosted.port), or /connect \(hosts[0]) \(hosted.port) in irssi)"
                if let certificate = hosted.certificate {
                    servedFingerprint = Fingerprint(certificate.fingerprint)
                    fingerprintLines = ServerProcess.fingerprintLines(for: certificate)
                }
            } catch {
                complain("cannot host a room: \(error)")
                return 1
            }
        }
        let host = options.serve ? "127.0.0.1" : options.host
        let file = KnownHostsFile(environment: ProcessInfo.processInfo.environment)
        var gate = TrustGate(host: host, port: options.port, file: file)
        var policy: TLSPolicy
        do {
            policy = try tlsPolicy(options, gate: gate, served: servedFingerprint)
        } catch {
            complain(error.description)
            return 1
        }
        let outcome: ServerConnector.Outcome
        do {
            outcome = try ServerConnector(host: host, port: options.port).connect(policy: policy)
        } catch {
            complain("cannot reach a LetsChat server at \(host) port \(options.port): \(error). "
                     + "Start one with 'letschat --serve' or 'letschat-server'.")
            return 1
        }
        var first: (transport: any Transport, encrypted: Bool)?
        var pinNote: (text: String, kind: ChatLine.Kind)?
        switch outcome {
        case .ready(let transport, let encrypted, let recording):
            first = (transport, encrypted)
            if let recording {
                policy = policy.trusting(recording)
                pinNote = pin(recording, in: gate)
            }
        case .ask(let fingerprint):
            gate.ask(fingerprint)
        case .refused(.refuseWithoutTLS):
            complain("\(gate.endpoint) does not answer in TLS, and --tls asks for it (without --tls, letschat "
                     + "would fall back to plain text)")
            return 1
        case .refused(.refusePasswordInPlainText):
            complain("\(gate.endpoint) does not answer in TLS, and letschat does not send the room password "
                     + "(LETSCHAT_PASSWORD) in plain text, which anyone on the network could read; "
                     + "give --no-tls to send it anyway")
            return 1
        case .refused(let decision):
            gate.refuse(decision, hosts: (try? file.load()) ?? KnownHosts())
        }
        let terminal: Terminal
        do {
            terminal = try Terminal(mouse: options.mouse)
        } catch {
            first?.transport.close()
            complain(error.description)
            return 1
        }
        let loop = UILoop(options: options, host: host, terminal: terminal, joinHint: joinHint,
                          hostingNote: hostingNote, policy: policy, gate: gate)
        for line in fingerprintLines { loop.note(line, kind: .info) }
        if let pinNote { loop.note(pinNote.text, kind: pinNote.kind) }
        let status = loop.run(first: first)
        terminal.close()
        if let exitNote = loop.exitNote { complain(exitNote) }
        server?.stop(grace: 0.5)
        return status
    }

    /// The TLS policy for `options`: the pin from `--fingerprint` or from known_hosts; for a room this
    /// process hosts, its own certificate (`served`), trusted without asking and never written down.
    private static func tlsPolicy(_ options: ClientOptions, gate: TrustGate,
                                  served: Fingerprint?) throws(KnownHostsFile.Failure) -> TLSPolicy {
        if let served { return TLSPolicy(mode: .required, recorded: served) }
        if options.tls == .off { return TLSPolicy(mode: .off) }
        let recorded = try gate.file.load().pin(host: gate.host, port: gate.port)
        return TLSPolicy(mode: options.tls, recorded: recorded, given: options.fingerprint,
                         sendsPassword: password(ProcessInfo.processInfo.environment) != nil)
    }

    /// The room password from LETSCHAT_PASSWORD, unless empty.
    static func password(_ environment: [String: String]) -> String? {
        environment["LETSCHAT_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Pins `fingerprint` in known_hosts for the gate's server; returns the line to show about it.
    static func pin(_ fingerprint: Fingerprint, in gate: TrustGate) -> (text: String, kind: ChatLine.Kind) {
        do {
            try gate.file.add(fingerprint, host: gate.host, port: gate.port)
            return ("Trusted the certificate of \(gate.endpoint) (SHA-256 \(fingerprint.hex)); "
                    + "pinned in \(gate.file.path).", .info)
        } catch {
            return ("Trusted the certificate of \(gate.endpoint) for this session only: \(error.description).", .error)
        }
    }

    private static func complain(_ text: String) {
        FileHandle.standardError.write(Data("letschat: \(text)\n".utf8))
    }
}

/// The UI thread's loop: waits on the terminal, the network's wake pipe and the signal pipe
/// (no timers while idle), applies what arrived, then draws once. While a `TrustGate` screen is up
/// it shows that instead of the chat, and keys go to it.
private final class UILoop {
    private let terminal: Terminal
    private let network: NetworkClient
    private let wake = WakePipe()
    private var session: ChatSession
    private var log: LocalLog?
    private var gate: TrustGate
    /// Whether the network thread runs.
    private var started = false
    /// Why the program ended, for standard error once the screen is gone; nil after a plain quit.
    private(set) var exitNote: String?

    /// Sets up the session, the network client (password from LETSCHAT_PASSWORD, reconnecting as
    /// `policy` says) and the local log; `gate` holds a trust screen to show first, if any.
    init(options: ClientOptions, host: String, terminal: Terminal, joinHint: String?, hostingNote: String?,
         policy: TLSPolicy, gate: TrustGate) {
        self.terminal = terminal
        self.gate = gate
        let environment = ProcessInfo.processInfo.environment
        network = NetworkClient(host: host, port: options.port, channel: options.channel,
                                password: ClientApp.password(environment),
                                uiWake: wake, policy: policy)
        let suggestion = Nickname.suggestion(from: environment["USER"] ?? "") ?? "guest"
        session = ChatSession(channel: options.channel, serverLabel: JoinAddresses.endpoint(host, port: options.port),
                              nick: options.nick, suggestedNick: suggestion)
        session.joinHint = joinHint
        if options.noTyping { session.typingNotifier.setEnabled(false) }
        if let hostingNote { session.note(hostingNote) }
        if !options.noLog {
            let path = options.logPath ?? LocalLog.defaultPath(host: host, port: options.port, environment: environment)
            do {
                log = try LocalLog(path: path)
            } catch {
                session.note("Local log disabled: cannot write \(path).", kind: .error)
            }
        }
    }

    /// Adds a line of the client's own to the pane.
    func note(_ text: String, kind: ChatLine.Kind) {
        session.note(text, kind: kind)
    }

    /// Runs the loop on the `first` connection (none while a trust screen is up: the network starts
    /// once the user trusts); returns 0 when the user quits, 1 when the server's certificate was not
    /// trusted or polling fails.
    func run(first: (transport: any Transport, encrypted: Bool)?) -> Int32 {
        // The first frame already tells an encrypted connection (the network thread says so again).
        if let first { session.isEncrypted = first.encrypted }
        if gate.screen == nil { startNetwork(on: first) }
        if let nick = session.nick { network.register(nick: nick) }
        resize()
        draw()
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: terminal.signalPipe.readDescriptor, events: Int16(POLLIN), revents: 0)]
        while true {
            // Only a visible reconnect countdown and typing (a notice due, someone's typing running out)
            // need a timer; otherwise sleep until something happens.
            var timeout: Int32 = -1
            if let deadline = session.nextDeadline {
                timeout = Int32(min(60_000, max(0, ((deadline - MonotonicClock.now()) * 1000).rounded(.up))))
            }
            if case .reconnecting = session.connection { timeout = timeout < 0 ? 250 : min(timeout, 250) }
            for index in fds.indices { fds[index].revents = 0 }
            if poll(&fds, nfds_t(fds.count), timeout) < 0 && errno != EINTR { break }
            var effects: [ChatSession.Effect] = []
            session.utcOffsetSeconds = Self.utcOffsetSeconds()
            if fds[2].revents != 0 {
                if terminal.handleSignals() {
                    if gate.screen != nil { return leave(note: nil) }
                    effects.append(.quit("leaving"))
                }
                resize()
            }
            if fds[1].revents != 0 {
                wake.drain()
                let events = network.takeEvents()
                for event in events {
                    switch event {
                    case .untrusted(let fingerprint): gate.ask(fingerprint)
                    case .refused(let decision): gate.refuse(decision, hosts: (try? gate.file.load()) ?? KnownHosts())
                    default: effects += session.apply(event, now: LocalTime.now(), clock: MonotonicClock.now())
                    }
                }
                // A long replay passes through as parsed lines; give that transient memory back to the system.
                if events.count > 10_000 { HeapTrim.now() }
            }
            if fds[0].revents != 0 {
                for key in terminal.readKeys() {
                    if key == .resize {
                        resize()
                        continue
                    }
                    if gate.screen != nil {
                        switch gate.apply(key) {
                        case .none: break
                        case .trust(let fingerprint): trust(fingerprint)
                        case .leave(let note): return leave(note: note)
                        }
                        continue
                    }
                    effects += session.apply(key, now: LocalTime.now(), clock: MonotonicClock.now())
                }
                // A terminal that went away without SIGHUP (the program in its own session) stays
                // "readable" forever; without this the loop would spin.
                if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                    effects.append(.quit("terminal closed"))
                }
            }
            effects += session.tick(clock: MonotonicClock.now())
            var clear = false
            // A paste's lines reach the network thread together, so its progress counts them as one batch.
            var lines: [String] = []
            for effect in effects {
                switch effect {
                case .send(let line): lines.append(line)
                // A typing notice goes ahead of the batch, which stays whole.
                case .sendTyping(let line): network.sendTyping(line)
                case .bell: terminal.bell()
                case .redraw: clear = true
                // Each line sent is logged as it is shown: logging must not cut a paste into one-line batches.
                case .log(let line): log?.append(line, now: LocalTime.now())
                case .register(let nick):
                    send(&lines)
                    network.register(nick: nick)
                case .cancelSending:
                    send(&lines)
                    network.cancelQueued()
                case .quit(let reason):
                    send(&lines)
                    network.stop(reason: reason, waitingUpTo: 1)
                    return 0
                }
            }
            send(&lines)
            draw(clear: clear)
        }
        return 1
    }

    /// Starts the network thread on `first`, or (nil) connecting itself; once.
    private func startNetwork(on first: (transport: any Transport, encrypted: Bool)?) {
        guard !started else { return }
        network.start(with: first?.transport, encrypted: first?.encrypted ?? false)
        started = true
    }

    /// Pins `fingerprint` (the user trusted it) and connects, or lets the waiting reconnection go on.
    private func trust(_ fingerprint: Fingerprint) {
        let pinned = ClientApp.pin(fingerprint, in: gate)
        session.note(pinned.text, kind: pinned.kind)
        network.trust(fingerprint)
        startNetwork(on: nil)
    }

    /// Ends the program from a trust screen, without a word to the server: status 1.
    private func leave(note: String?) -> Int32 {
        exitNote = note
        if started { network.stop(reason: "leaving", waitingUpTo: 0.5) }
        return 1
    }

    /// Hands `lines` to the network thread as one batch (its progress counts them together) and empties it.
    private func send(_ lines: inout [String]) {
        if !lines.isEmpty { network.send(lines) }
        lines.removeAll()
    }

    private func resize() {
        let size = terminal.size
        session.columns = size.columns
        session.rows = size.rows
    }

    private func draw(clear: Bool = false) {
        if let screen = gate.frame(columns: session.columns, rows: session.rows) {
            terminal.draw(screen, clear: clear)
            return
        }
        terminal.draw(session.frame(utcOffsetSeconds: Self.utcOffsetSeconds(), clock: MonotonicClock.now()), clear: clear)
    }

    /// The local time zone's offset from UTC now, in seconds east.
    private static func utcOffsetSeconds() -> Int {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Int(parts.tm_gmtoff)
    }
}
