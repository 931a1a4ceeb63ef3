/// A chat room found on the LAN by DNS-SD (an `_irc._tcp` service instance), as the client's
/// `--list`, its room picker and its pinning use it.
///
/// Any `_irc._tcp` service counts (an ngIRCd someone announced with `avahi-publish` too); the TXT
/// record says whether it is a LetsChat room and, when TLS is on, which certificate it has.
public struct DiscoveredRoom: Hashable, Sendable {
    /// The DNS-SD instance name, such as `letschat on alice-laptop` (unescaped, as people read it).
    public var instanceName: String
    /// The host name from the SRV record, such as `alice-laptop.local`.
    public var hostName: String
    /// Numeric addresses of that host (IPv4 dotted, IPv6 without brackets), IPv4 first.
    public var addresses: [String]
    /// The port from the SRV record.
    public var port: UInt16
    /// The `channel=` TXT value (`#letschat`), or nil when the service does not say.
    public var channel: String?
    /// The `tls=` TXT value: the certificate's SHA-256 as 64 upper-case hex digits, or nil.
    public var tlsFingerprint: String?
    /// Whether the TXT record says `server=letschat`.
    public var isLetsChat: Bool

    /// Creates a room record.
    public init(instanceName: String, hostName: String, addresses: [String], port: UInt16,
                channel: String? = nil, tlsFingerprint: String? = nil, isLetsChat: Bool = false) {
        self.instanceName = instanceName
        self.hostName = hostName
        self.addresses = addresses
        self.port = port
        self.channel = channel
        self.tlsFingerprint = tlsFingerprint
        self.isLetsChat = isLetsChat
    }

    /// The first address with its port, as `ADDRESS:PORT` (IPv6 as `[ADDRESS]:PORT`), or nil when
    /// the host's address is not known yet.
    public var endpoint: String? {
        guard let address = addresses.first else { return nil }
        return address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
