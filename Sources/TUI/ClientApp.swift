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
        if options.serve {
            var configuration = ServerConfiguration()
            configuration.port = options.port
            configuration.channel = options.channel
            configuration.announce = true
            configuration.password = ProcessInfo.processInfo.environment["LETSCHAT_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
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
            } catch {
                complain("cannot host a room: \(error)")
                return 1
            }
        }
        let hosts = options.serve ? ["127.0.0.1"] : [options.host ?? "127.0.0.1"] + options.alternateHosts
        let host: String
        let transport: any Transport
        do {
            (host, transport) = try connect(toFirstOf: hosts, port: options.port, pin: options.announcedFingerprint)
        } catch {
            terminal?.close()
            server?.stop(grace: 0.5)
            complain("cannot reach a LetsChat server at \(hosts.joined(separator: " or ")) port \(options.port): \(error). "
                     + "Start one with 'letschat --serve' or 'letschat-server'.")
            return 1
        }
        let screen: Terminal
        if let terminal {
            screen = terminal
        } else {
            do {
                screen = try Terminal(mouse: options.mouse)
            } catch {
                transport.close()
                server?.stop(grace: 0.5)
                complain(error.description)
                return 1
            }
        }
        let loop = UILoop(options: options, host: host, terminal: screen, joinHint: joinHint, note: note)
        let status = loop.run(transport: transport)
        screen.close()
        server?.stop(grace: 0.5)
        return status
    }

    /// Connects to the first of `hosts` that answers on `port` (a discovered room may have several
    /// addresses); returns it with the connection, or throws the last failure. `pin` is the certificate
    /// fingerprint a discovered room announced (`ClientOptions.announcedFingerprint`): the pin for this
    /// HOST:PORT when the client connects with TLS (issue 12); a plain connection has no certificate to
    /// hold against it.
    static func connect(toFirstOf hosts: [String], port: UInt16, pin: String?) throws(SocketError)
        -> (host: String, transport: any Transport) {
        var failure = SocketError("connect", code: EDESTADDRREQ)
        for host in hosts {
            do {
                return (host, try PlainTransport.connect(host: host, port: port))
            } catch {
                failure = error
            }
        }
        throw failure
    }

    /// Prints `text` as one `letschat: ` line on standard error.
    static func complain(_ text: String) {
        FileHandle.standardError.write(Data("letschat: \(text)\n".utf8))
    }
}

/// The UI thread's loop: waits on the terminal, the network's wake pipe and the signal pipe
/// (no timers while idle), applies what arrived, then draws once.
private final class UILoop {
    private let terminal: Terminal
    private let network: NetworkClient
    private let wake = WakePipe()
    private var session: ChatSession
    private var log: LocalLog?

    /// Sets up the session, the network client (password from LETSCHAT_PASSWORD) and the local log.
    init(options: ClientOptions, host: String, terminal: Terminal, joinHint: String?, note: String?) {
        self.terminal = terminal
        let environment = ProcessInfo.processInfo.environment
        network = NetworkClient(host: host, port: options.port, channel: options.channel,
                                password: environment["LETSCHAT_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }, uiWake: wake)
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

    /// Runs the loop on `transport`'s connection; returns 0 when the user quits, 1 if polling fails.
    func run(transport: any Transport) -> Int32 {
        network.start(with: transport)
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
                if terminal.handleSignals() { effects.append(.quit("leaving")) }
                resize()
            }
            if fds[1].revents != 0 {
                wake.drain()
                let events = network.takeEvents()
                for event in events {
                    effects += session.apply(event, now: LocalTime.now(), clock: MonotonicClock.now())
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
