#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// Announces one room on the LAN as a DNS-SD `_irc._tcp` service over multicast DNS, with no
/// daemon needed and beside one if the host runs it (Avahi, mDNSResponder): the responder for
/// `ROOM on HOST._irc._tcp.local`.
///
/// It probes, announces, answers queries and, on `stop`, says goodbye, all on one thread
/// (`lc-mdns-announce`) blocked in `poll` (`AnnounceSession` has the protocol). Once announced it
/// wakes only for queries.
///
/// Thread-safety: `start`, `stop` and `instanceName` may be called from any thread; `lock`
/// guards `loop` and `currentLabel`.
public final class ServiceAnnouncer: @unchecked Sendable {
    private let lock = DiscoveryLock()
    private var loop: DiscoveryLoop?
    private var currentLabel: String
    private let records: ServiceRecords
    private let onlyAddress: [UInt8]?
    private let log: @Sendable (String) -> Void

    /// An announcer for `channel` (`#letschat` becomes `letschat on HOST`) served on TCP `port`.
    ///
    /// - Parameters:
    ///   - tlsFingerprint: the certificate's SHA-256 as hex, published as `tls=` in the TXT record.
    ///   - host: the host label; default: the first label of `gethostname`.
    ///   - address: an IPv4 literal the server listens on alone; then only its interface is used.
    ///   - log: where renames and the first announcement are reported.
    public init(channel: String, port: UInt16, tlsFingerprint: String? = nil, host: String = ServiceAnnouncer.hostLabel(),
                address: String? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        records = ServiceRecords(channel: channel, host: host, port: port, tlsFingerprint: tlsFingerprint)
        currentLabel = records.instanceLabel
        var parsed = in_addr()
        onlyAddress = address.flatMap { inet_pton(AF_INET, $0, &parsed) == 1 ? withUnsafeBytes(of: parsed) { Array($0) } : nil }
        self.log = log
    }

    /// The instance label announced now (`letschat on alice-laptop`, or `… (2)` after a conflict).
    public var instanceName: String {
        lock.withLock { currentLabel }
    }

    /// Opens UDP port 5353 and starts the thread; throws when multicast DNS cannot run here.
    public func start() throws {
        try lock.withLock { () throws(DiscoveryError) in
            guard loop == nil else { return }
            let only = onlyAddress
            // With no interface up yet the announcer still starts; its interface watch finds the network later.
            let socket = try MulticastSocket(requireInterface: false) { only == nil || $0.address == only }
            let session = AnnounceSession(socket: socket, records: records, log: log) { [weak self] label in
                self?.lock.withLock { self?.currentLabel = label }
            }
            let started = DiscoveryLoop(name: "lc-mdns-announce", socket: socket, handler: session)
            try started.start()
            loop = started
        }
    }

    /// Sends goodbyes (TTL 0) if the room was announced, and stops the thread.
    public func stop() {
        let running = lock.withLock { () -> DiscoveryLoop? in
            defer { loop = nil }
            return loop
        }
        running?.stop()
    }

    /// The first label of this machine's host name (`alice-laptop` of `alice-laptop.example.org`),
    /// or `letschat` if it has none.
    public static func hostLabel() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "letschat" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let label = name.split(separator: ".").first.map(String.init) ?? ""
        return label.isEmpty ? "letschat" : label
    }
}
