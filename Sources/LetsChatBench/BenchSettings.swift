/// One benchmark scenario: which server, how many clients, who sends what and how fast.
public struct BenchSettings: Sendable {
    /// The server's address; only loopback addresses are accepted.
    public var host = "127.0.0.1"
    /// The server's TCP port.
    public var port: UInt16 = 55556
    /// The channel every client is in.
    public var channel = "#letschat"
    /// Clients connected in all.
    public var clients = 50
    /// Connections being opened and registered at the same moment.
    public var connectAtOnce = 100
    /// Clients that send messages, spread evenly over all clients.
    public var senders = 5
    /// Messages each sender sends.
    public var messages = 200
    /// Messages per second per sender; 0 sends as fast as the socket takes them.
    public var rate = 0.0
    /// Bytes of padding added to each message's text.
    public var padding = 0
    /// Whether clients send JOIN after the MOTD (servers that auto-join ignore the repeat).
    public var join = true
    /// Whether clients speak TLS (full handshakes, certificates not checked).
    public var tls = false
    /// Generator threads, each running one epoll loop over its share of the clients.
    public var threads = 2
    /// The server's process id, for its CPU time and memory; nil measures nothing.
    public var serverPID: Int32?
    /// Seconds to keep the clients connected after traffic, then check they still answer.
    public var hold = 0.0
    /// Seconds with no new delivery after the last send before the rest count as lost.
    public var drain = 5.0
    /// The whole run's limit in seconds; what is left undone then is reported as such.
    public var timeout = 120.0
    /// The first nickname is this prefix followed by 0; servers limit nicknames to 9 bytes.
    public var nickPrefix = "b"

    /// Settings with the defaults.
    public init() {}

    /// Deliveries a complete run produces: each message reaches every client but its sender.
    public var expectedDeliveries: Int {
        senderCount * messages * max(clients - 1, 0)
    }

    /// Senders actually used (never more than the clients).
    public var senderCount: Int { min(senders, clients) }

    /// Why these settings cannot run, in words for the person who typed them; nil if they are fine.
    public func problem() -> String? {
        if !BenchSettings.isLoopback(host) { return "the benchmark only targets loopback addresses (127.x.x.x, ::1, localhost), not '\(host)'" }
        if clients < 1 { return "--clients must be at least 1" }
        if connectAtOnce < 1 { return "--connect-at-once must be at least 1" }
        if senders < 0 || messages < 0 { return "--senders and --messages must be 0 or more" }
        if rate < 0 { return "--rate must be 0 (as fast as possible) or more" }
        if threads < 1 || threads > 64 { return "--threads must be between 1 and 64" }
        if timeout <= 0 || drain <= 0 || hold < 0 { return "--timeout and --drain must be positive, --hold 0 or more" }
        if padding < 0 || padding > 400 { return "--padding must be between 0 and 400 bytes" }
        if !channel.hasPrefix("#") || channel.contains(" ") { return "--channel must start with '#' and hold no spaces" }
        return nil
    }

    /// Whether `host` names this machine's loopback interface.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4)
    }

    /// The index of the `number`th sender among all clients (spread evenly).
    func senderIndex(_ number: Int) -> Int {
        number * clients / max(senderCount, 1)
    }
}
