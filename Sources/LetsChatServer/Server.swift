#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// Why a server could not start.
public enum ServerError: Error, CustomStringConvertible, Sendable {
    /// A setting is unusable; the text says which and why.
    case invalidConfiguration(String)
    /// The history file cannot be opened for writing.
    case history(SocketError)
    /// The address or port cannot be listened on.
    case listen(SocketError)
    /// The TLS certificate or key cannot be used.
    case certificate(CertificateError)

    public var description: String {
        switch self {
        case .invalidConfiguration(let text): text
        case .history(let error): "\(error) (choose another file with --history PATH)"
        case .listen(let error):
            error.operation.hasPrefix("resolve") ? "\(error) (give --host a local address such as 0.0.0.0 or ::)"
                : "\(error) (is another server using the port? choose one with --port N)"
        case .certificate(let error):
            "\(error) (or give another certificate with --tls-cert FILE --tls-key FILE, or turn TLS off with --no-tls)"
        }
    }
}

/// A running LetsChat server: a listening socket, its accept thread and the room.
///
/// `state` (a lock of its own) guards the open connections, their count per address and whether we are stopping.
/// Each accepted connection gets its `PlainTransport` here, in `acceptLoop`; its own thread then
/// looks at its first bytes and wraps it in a `TLSTransport` when it speaks TLS (`ConnectionSecurity`),
/// never this thread, so a slow handshake holds up no one else. `connections` keeps the plain
/// transport: shutting down its socket wakes the TLS one too.
public final class Server: @unchecked Sendable {
    /// The settings it was started with (port resolved).
    public let configuration: ServerConfiguration
    /// The certificate TLS clients are shown, or nil when TLS is off.
    public let certificate: ServerCertificate?
    private let listener: Socket
    private let context: ServerContext
    private let state = Condition()
    private var connections: [ObjectIdentifier: any Transport] = [:]
    private var perAddress: [String: Int] = [:]
    private var stopping = false

    /// Checks the settings, opens history, loads (or makes) the TLS certificate and opens the
    /// listening socket; call `start()` to accept.
    public init(configuration: ServerConfiguration, log: @escaping @Sendable (String) -> Void = Server.logToStandardError) throws(ServerError) {
        if let problem = configuration.problem() { throw .invalidConfiguration(problem) }
        var history: HistoryStore?
        if let path = configuration.historyPath {
            do { history = try HistoryStore(path: path, maxBytes: configuration.historyMaxBytes) } catch { throw .history(error) }
        }
        let certificate: ServerCertificate?
        let tls: TLSContext?
        do throws(CertificateError) {
            certificate = try Server.certificate(for: configuration)
            tls = try certificate.map { certificate throws(CertificateError) in try TLSContext.server(certificate: certificate) }
        } catch {
            throw .certificate(error)
        }
        self.certificate = certificate
        do { listener = try Socket.listen(host: configuration.host, port: configuration.port) } catch { throw .listen(error) }
        var resolved = configuration
        resolved.port = listener.localPort
        self.configuration = resolved
        let renderer = EventRenderer(channel: configuration.channel, serverName: configuration.serverName)
        let room = Room(renderer: renderer, history: history, replayCount: configuration.replayCount, log: log)
        context = ServerContext(configuration: resolved, room: room, log: log, startedAt: LocalTime.now(), tls: tls)
    }

    /// The certificate `configuration.tls` names: made on the first start (`.automatic`), or given.
    private static func certificate(for configuration: ServerConfiguration) throws(CertificateError) -> ServerCertificate? {
        switch configuration.tls {
        case .off:
            return nil
        case .automatic:
            let paths = ServerCertificate.defaultPaths(historyPath: configuration.historyPath)
            return try ServerCertificate.loadOrCreate(certificatePath: paths.certificate, keyPath: paths.key,
                                                      commonName: configuration.serverName)
        case .files(let certificate, let key):
            return try ServerCertificate.load(certificatePath: certificate, keyPath: key)
        }
    }

    /// The port clients connect to.
    public var port: UInt16 { configuration.port }

    /// Starts the accept thread.
    public func start() {
        if !ServerThread.start(name: "lc-accept", stackSize: 512 * 1024, { [self] in acceptLoop() }) {
            context.log("could not start the accept thread; no one can join")
        }
    }

    /// Tells everyone the server is going, lets queued lines out, closes every connection and
    /// syncs history; returns within about `grace` seconds.
    public func stop(grace: Double = 1.5) {
        state.lock()
        guard !stopping else {
            state.unlock()
            return
        }
        stopping = true
        state.unlock()
        listener.shutdown()
        context.room.beginShutdown()
        context.room.announce("The server is shutting down.")
        // Each reader wakes, says goodbye (ERROR for IRC) and leaves; its writer flushes and closes.
        state.lock()
        for transport in connections.values { _ = transport.shutdownReading() }
        let deadline = MonotonicClock.now() + grace
        while !connections.isEmpty && state.wait(until: deadline) {}
        let stuck = connections.values
        state.unlock()
        for transport in stuck { transport.shutdown() }
        context.room.syncHistory()
        listener.close()
    }

    /// Writes a line to standard error, the default log.
    public static let logToStandardError: @Sendable (String) -> Void = { line in
        let bytes = Array("letschat-server: \(line)\n".utf8)
        // One write per line, so lines from several threads never interleave.
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    private func acceptLoop() {
        while true {
            let accepted: (Socket, String)
            do {
                accepted = try listener.accept()
            } catch {
                if isStopping { return }
                if error.code == EMFILE || error.code == ENFILE {
                    context.log("\(error); refusing connections for a moment")
                    MonotonicClock.sleep(0.1)
                }
                continue
            }
            let (socket, peer) = accepted
            let transport: any Transport = PlainTransport(socket)
            let key = ObjectIdentifier(transport)
            state.lock()
            let perAddressLimit = configuration.maxConnectionsPerAddress
            let refused = stopping ? "The server is shutting down." :
                connections.count >= configuration.maxClients ? "The server is full (\(configuration.maxClients) clients); try again later." :
                perAddressLimit > 0 && perAddress[peer, default: 0] >= perAddressLimit
                    ? "Too many connections from your address (\(perAddressLimit) at most)." : nil
            if refused == nil {
                connections[key] = transport
                perAddress[peer, default: 0] += 1
            }
            state.unlock()
            if let refused {
                context.log("refused \(peer): \(refused)")
                var error = IRCLine(command: "ERROR")
                error.trailing("Closing Link: \(peer) (\(refused))")
                try? transport.sendAll(error.wire)
                transport.close()
                continue
            }
            Connection.start(socket: socket, plain: transport, peer: peer, context: context) { [self] in
                state.lock()
                connections[key] = nil
                perAddress[peer, default: 1] -= 1
                if perAddress[peer] == 0 { perAddress[peer] = nil }
                state.broadcast()
                state.unlock()
            }
        }
    }

    private var isStopping: Bool {
        state.lock()
        defer { state.unlock() }
        return stopping
    }
}
