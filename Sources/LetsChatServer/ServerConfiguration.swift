#if canImport(Glibc)
import Glibc
#endif

/// Everything a server needs to know to start; the command line and `letschat --serve` fill it in.
public struct ServerConfiguration: Sendable {
    /// Address to listen on; `::` listens on every IPv4 and IPv6 interface.
    public var host = "::"
    /// TCP port; 0 picks a free one (tests).
    public var port: UInt16 = 55556
    /// The room's name, starting with `#`.
    public var channel = "#letschat"
    /// The name the server gives itself in IRC replies.
    public var serverName = ServerConfiguration.machineName()
    /// History file, or nil to keep no history.
    public var historyPath: String? = "chat_history.txt"
    /// How many past events a newcomer is sent.
    public var replayCount = 50
    /// Lines of the message of the day; empty sends "MOTD File is missing".
    public var motd: [String] = []
    /// Connections served at once; more are told the server is full.
    public var maxClients = 4096
    /// Whether IRC clients enter the room as soon as they are registered.
    public var autoJoin = true
    /// Seconds of silence before the server pings a client.
    public var pingInterval = 120.0
    /// Seconds a pinged client has to answer before it is dropped.
    public var pingTimeout = 60.0
    /// Seconds a new connection has to pick a nickname and register.
    public var registrationTimeout = 60.0
    /// Milliseconds to wait for a client to speak first (IRC) before prompting with `NICK` (text).
    public var detectMilliseconds: Int32 = 400
    /// Bytes queued for one client before it counts as not reading and is dropped.
    public var outboundLimit = 1 << 20
    /// Lines a client may send at once before its input is slowed down.
    public var floodBurst = 20
    /// Lines per second a client may send in the long run; 0 turns flood control off.
    public var floodRate = 5.0
    /// Seconds a client may stay throttled without pause before it is disconnected for flooding.
    public var floodDisconnectSeconds = 10.0
    /// Connections one address may hold at once; 0 means no limit.
    public var maxConnectionsPerAddress = 32
    /// The room's password, or nil for an open room. Compared in constant time.
    public var password: String?
    /// Seconds a wrong password waits before the refusal, to slow down guessing.
    public var passwordFailureDelay = 1.0
    /// History size that triggers rotation to `PATH.1`; nil never rotates.
    public var historyMaxBytes: Int?
    /// Whether and with which certificate the server speaks TLS (on the same port as plain text).
    public var tls = TLS.off
    /// Whether plain-text connections are refused with a line saying to use TLS.
    public var requireTLS = false
    /// Whether a room password may be sent over plain text while TLS is on (by default it is refused).
    public var allowPlaintextPassword = false

    /// Where the server's TLS certificate comes from.
    public enum TLS: Sendable, Equatable {
        /// Plain text only.
        case off
        /// A self-signed certificate made on the first start and kept beside the history file
        /// (`ServerCertificate.defaultPaths`).
        case automatic
        /// A PEM certificate (chain allowed) and its key, given by the person starting the server.
        case files(certificate: String, key: String)
    }

    /// A configuration with the defaults.
    public init() {}

    /// Why a configuration cannot be used, in words for the person who typed it; nil if it is fine.
    public func problem() -> String? {
        if !ServerConfiguration.isValidChannel(channel) {
            return "channel '\(channel)' must start with '#' and hold no spaces, commas or control characters (at most 50 bytes)"
        }
        if replayCount < 0 { return "--replay must be 0 or more" }
        if maxClients < 1 { return "--max-clients must be at least 1" }
        if outboundLimit < 4096 { return "--send-queue-bytes must be at least 4096" }
        if floodRate < 0 || floodBurst < 1 { return "--flood-rate must be 0 or more and --flood-burst at least 1" }
        if maxConnectionsPerAddress < 0 { return "--max-per-address must be 0 (no limit) or more" }
        if let limit = historyMaxBytes, limit < 1024 { return "--history-max-bytes must be at least 1024" }
        if password?.isEmpty == true { return "the password must not be empty" }
        if serverName.isEmpty || serverName.contains(" ") { return "server name '\(serverName)' must be one word" }
        if requireTLS && tls == .off { return "--require-tls needs TLS; leave out --no-tls" }
        return nil
    }

    /// Why `port` cannot be a TCP port given on a command line, for both programs; nil if it can.
    public static func portProblem(_ port: Int) -> String? {
        (1...65535).contains(port) ? nil : "--port must be between 1 and 65535, not \(port)."
    }

    /// Whether `name` is a usable room name.
    public static func isValidChannel(_ name: String) -> Bool {
        name.hasPrefix("#") && name.utf8.count >= 2 && name.utf8.count <= 50
            && !name.unicodeScalars.contains { $0 == " " || $0 == "," || $0 == ":" || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// This machine's host name, or `letschat` if it has none.
    public static func machineName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "letschat" }
        let name = String(nulTerminated: buffer)
        return name.isEmpty ? "letschat" : name
    }
}
