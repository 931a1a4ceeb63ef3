#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LetsChatCore
import LetsChatDiscovery
import LetsChatServer

/// The client program: connects, takes over the terminal and runs the UI loop on the calling
/// (UI) thread until the user quits. The network lives on `NetworkClient`'s thread.
public enum ClientApp {
    /// Runs the client; returns the process exit status. Problems before the screen opens are
    /// printed as one line on standard error.
    ///
    /// With no HOST (and no `--serve`) it first settles on a room with `finder` (`DiscoveryStart`).
    public static func run(_ options: ClientOptions, finder: any RoomFinder = RoomBrowser()) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        var options = options
        var terminal: Terminal?
        // The first line of the message pane: which room was found, or how others join the one hosted here.
        var note: String?
        if options.host == nil && !options.serve {
            let start = DiscoveryStart(finder: finder, mouse: options.mouse)
            switch start.run() {
            case .join(let room):
                guard let joining = options.joining(room) else {
                    complain("the room \(room.instanceName) has no address yet; try again, or give its address (letschat HOST)")
                    return 1
                }
                options = joining
                note = "Found \(room.instanceName) on this network, at \(room.endpoint ?? "?")."
            case .host:
                options.serve = true
            case .exit(let status):
                return status
            }
            terminal = start.terminal
        } else {
            // A terminal that cannot work is reported before a room is hosted or a server is contacted.
            do {
                try Terminal.checkUsable()
            } catch {
                complain(error.description)
                return 1
            }
        }
        var server: Server?
        var joinHint: String?
        // The hosted room's own certificate: trusted without asking, and shown for others to compare.
        var servedFingerprint: Fingerprint?
        var fingerprintLines: [String] = []
        if options.serve {
            var configuration = ServerConfiguration()
            configuration.port = options.port
            configuration.channel = options.channel
            configuration.announce = true
            configuration.tls = options.tls == .off ? .off : .automatic
            configuration.password = password(ProcessInfo.processInfo.environment)
            do {
                let hosted = try Server(configuration: configuration, log: { _ in })
                hosted.start()
                server = hosted
                let hosts = JoinAddresses.current()
                let portFlag = hosted.port == 55556 ? "" : " --port \(hosted.port)"
                joinHint = hosts.first.map { "join: letschat \($0)\(portFlag)" } ?? "hosting on port \(hosted.port)"
                note = hosts.isEmpty ? "Hosting \(options.channel) on port \(hosted.port); no network address found."
                    : "Hosting \(options.channel). Others join with: "
                    + hosts.map { "letschat \($0)\(portFlag)" }.joined(separator: ", ")
                    + " (or nc \(hosts[0]) \(hosted.port), or /connect \(hosts[0]) \(hosted.port) in irssi)"
                if let certificate = hosted.certificate {
                    servedFingerprint = Fingerprint(certificate.fingerprint)
                    fingerprintLines = ServerProcess.fingerprintLines(for: certificate)
                }
            } catch {
                terminal?.close()
                complain("cannot host a room: \(error)")
                return 1
            }
        }
        // A room found on the network may have several addresses: the first that answers is joined.
        let hosts = options.serve ? ["127.0.0.1"] : [options.host ?? "127.0.0.1"] + options.alternateHosts
        let file = KnownHostsFile(environment: ProcessInfo.processInfo.environment)
        let reached: (gate: TrustGate, policy: TLSPolicy, outcome: ServerConnector.Outcome)
        do {
            let candidates = try hosts.map { host throws(KnownHostsFile.Failure) in
                let gate = TrustGate(host: host, port: options.port, file: file)
                return (gate: gate, policy: try tlsPolicy(options, gate: gate, served: servedFingerprint))
            }
            do {
                reached = try connect(toFirstOf: candidates, port: options.port)
            } catch {
                terminal?.close()
                server?.stop(grace: 0.5)
                complain("cannot reach a LetsChat server at \(hosts.joined(separator: " or ")) port \(options.port): \(error). "
                         + "Start one with 'letschat --serve' or 'letschat-server'.")
                return 1
            }
        } catch {
            terminal?.close()
            server?.stop(grace: 0.5)
            complain(error.description)
            return 1
        }
        let host = reached.gate.host
        var (gate, policy) = (reached.gate, reached.policy)
        let outcome = reached.outcome
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
            terminal?.close()
            server?.stop(grace: 0.5)
            complain("\(gate.endpoint) does not answer in TLS, and --tls asks for it (without --tls, letschat "
                     + "would fall back to plain text)")
            return 1
        case .refused(.refusePasswordInPlainText):
            terminal?.close()
            server?.stop(grace: 0.5)
            complain("\(gate.endpoint) does not answer in TLS, and letschat does not send the room password "
                     + "(LETSCHAT_PASSWORD) in plain text, which anyone on the network could read; "
                     + "give --no-tls to send it anyway")
            return 1
        case .refused(let decision):
            gate.refuse(decision, hosts: (try? file.load()) ?? KnownHosts())
        }
        let screen: Terminal
        if let terminal {
            screen = terminal
        } else {
            do {
                screen = try Terminal(mouse: options.mouse)
            } catch {
                first?.transport.close()
                server?.stop(grace: 0.5)
                complain(error.description)
                return 1
            }
        }
        let loop = UILoop(options: options, host: host, terminal: screen, joinHint: joinHint,
                          note: note, policy: policy, gate: gate)
        for line in fingerprintLines { loop.note(line, kind: .info) }
        if let pinNote { loop.note(pinNote.text, kind: pinNote.kind) }
        let status = loop.run(first: first)
        screen.close()
        if let exitNote = loop.exitNote { complain(exitNote) }
        server?.stop(grace: 0.5)
        return status
    }

    /// Connects to the first of `candidates` (a found room's addresses, each with its trust gate and
    /// TLS policy) that answers on `port`; returns it with what came of the connection, or throws the
    /// last failure.
    static func connect(toFirstOf candidates: [(gate: TrustGate, policy: TLSPolicy)], port: UInt16) throws(SocketError)
        -> (gate: TrustGate, policy: TLSPolicy, outcome: ServerConnector.Outcome) {
        var failure = SocketError("connect", code: EDESTADDRREQ)
        for (gate, policy) in candidates {
            do {
                return (gate, policy, try ServerConnector(host: gate.host, port: port).connect(policy: policy))
            } catch {
                failure = error
            }
        }
        throw failure
    }

    /// The TLS policy for `options`: the pin from `--fingerprint`, a found room's announcement or known_hosts; for a room this
    /// process hosts, its own certificate (`served`), trusted without asking and never written down.
    private static func tlsPolicy(_ options: ClientOptions, gate: TrustGate,
                                  served: Fingerprint?) throws(KnownHostsFile.Failure) -> TLSPolicy {
        if let served { return TLSPolicy(mode: .required, recorded: served) }
        if options.tls == .off { return TLSPolicy(mode: .off) }
        let recorded = try gate.file.load().pin(host: gate.host, port: gate.port)
        // A room found on the network vouches for its certificate in its announcement (`tls=`): held to it like --fingerprint.
        let given = options.fingerprint ?? options.announcedFingerprint.flatMap { Fingerprint($0) }
        return TLSPolicy(mode: options.tls, recorded: recorded, given: given,
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

    /// Prints `text` as one `letschat: ` line on standard error.
    static func complain(_ text: String) {
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
    init(options: ClientOptions, host: String, terminal: Terminal, joinHint: String?, note: String?,
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
        if let note { session.note(note) }
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
