#if canImport(Glibc)
import Glibc
#endif
import LetsChatSystem

/// The UDP socket multicast DNS speaks through: port 5353, group 224.0.0.251 joined on every
/// interface that has an IPv4 address. Every system call of LetsChatDiscovery goes through this type.
///
/// `SO_REUSEADDR` and `SO_REUSEPORT` let it share the port with the host's own responder (Avahi,
/// mDNSResponder) and with other LetsChat programs; each gets its own copy of every multicast
/// datagram. Loopback of our own multicast is on, so programs on one host see each other.
/// Thread-safety: used by the one thread of its `DiscoveryLoop`; `close` after that thread ended.
public final class MulticastSocket: @unchecked Sendable {
    /// The multicast DNS port.
    public static let port: UInt16 = 5353
    /// The IPv4 multicast DNS group, 224.0.0.251.
    public static let group: [UInt8] = [224, 0, 0, 251]

    /// A datagram as it arrived.
    public struct Datagram: Sendable {
        /// Its bytes.
        public var bytes: [UInt8]
        /// The sender's IPv4 address, 4 bytes.
        public var source: [UInt8]
        /// The sender's UDP port (5353 for a multicast DNS peer; anything else is a legacy unicast asker).
        public var sourcePort: UInt16
    }

    /// The descriptor.
    public let fd: Int32
    /// The interfaces whose group membership succeeded.
    public private(set) var interfaces: [MulticastInterface] = []
    /// Which interfaces to use (all, or the one with the server's address).
    private let accepts: @Sendable (MulticastInterface) -> Bool

    /// Opens and binds the socket and joins the group on every interface that qualifies and that
    /// `accepts` takes. Throws if none does, unless `requireInterface` is false (a server started
    /// before the network is up, which `refreshInterfaces` later finds).
    public init(port: UInt16 = MulticastSocket.port, requireInterface: Bool = true,
                accepts: @escaping @Sendable (MulticastInterface) -> Bool = { _ in true }) throws(DiscoveryError) {
        self.accepts = accepts
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw DiscoveryError("open a UDP socket") }
        self.fd = fd
        setOption(SOL_SOCKET, SO_REUSEADDR, Int32(1))
        setOption(SOL_SOCKET, SO_REUSEPORT, Int32(1))
        setOption(Int32(IPPROTO_IP), IP_MULTICAST_TTL, UInt8(255))
        setOption(Int32(IPPROTO_IP), IP_MULTICAST_LOOP, UInt8(1))
        // Unicast replies carry TTL 255 too (RFC 6762 §11).
        setOption(Int32(IPPROTO_IP), IP_TTL, Int32(255))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = INADDR_ANY
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let error = DiscoveryError("bind UDP port \(port)")
            Glibc.close(fd)
            throw error
        }
        _ = refreshInterfaces()
        guard !interfaces.isEmpty || !requireInterface else {
            Glibc.close(fd)
            throw DiscoveryError("join the multicast DNS group on any interface (none is up with an IPv4 address)",
                                 code: ENODEV)
        }
    }

    /// Reads the interfaces again: joins the group on new ones, forgets those gone, takes in changed
    /// addresses. Returns whether anything changed.
    public func refreshInterfaces() -> Bool {
        var joined: [MulticastInterface] = []
        for interface in MulticastInterface.current() where accepts(interface) {
            if interfaces.contains(where: { $0.index == interface.index }) {
                joined.append(interface)
                continue
            }
            var request = ip_mreqn()
            request.imr_multiaddr.s_addr = Self.inAddr(Self.group)
            request.imr_ifindex = interface.index
            // EADDRINUSE: still a member from before (an interface that went down and came back).
            if setsockopt(fd, Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, &request, socklen_t(MemoryLayout<ip_mreqn>.size)) == 0
                || errno == EADDRINUSE {
                joined.append(interface)
            }
        }
        defer { interfaces = joined }
        return joined != interfaces
    }

    /// Sends `bytes` to the group on `interface`; false if the system refused.
    @discardableResult
    public func sendMulticast(_ bytes: [UInt8], on interface: MulticastInterface) -> Bool {
        var request = ip_mreqn()
        request.imr_ifindex = interface.index
        setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_IF, &request, socklen_t(MemoryLayout<ip_mreqn>.size))
        return send(bytes, to: Self.group, port: Self.port)
    }

    /// Sends `bytes` to one address and port (a unicast reply); false if the system refused.
    @discardableResult
    public func send(_ bytes: [UInt8], to host: [UInt8], port: UInt16) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = Self.inAddr(host)
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                    SystemCall.retryingInterrupts {
                        sendto(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), target,
                               socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        return sent == bytes.count
    }

    /// The next datagram waiting, or nil when none is (the socket never blocks).
    public func receive() -> Datagram? {
        var buffer = [UInt8](repeating: 0, count: 9000)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { source in
                    SystemCall.retryingInterrupts { recvfrom(fd, raw.baseAddress, raw.count, 0, source, &length) }
                }
            }
        }
        guard count >= 0 else { return nil }
        let source = withUnsafeBytes(of: address.sin_addr.s_addr) { Array($0) }
        return Datagram(bytes: Array(buffer.prefix(count)), source: source, sourcePort: UInt16(bigEndian: address.sin_port))
    }

    /// The interface whose subnet holds `source`, if any.
    public func interface(for source: [UInt8]) -> MulticastInterface? {
        interfaces.first { $0.contains(source) }
    }

    /// Releases the descriptor.
    public func close() {
        _ = Glibc.close(fd)
    }

    private func setOption<Value: BitwiseCopyable>(_ level: Int32, _ name: Int32, _ value: Value) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Value>.size))
    }

    private static func inAddr(_ bytes: [UInt8]) -> in_addr_t {
        bytes.withUnsafeBytes { $0.loadUnaligned(as: in_addr_t.self) }
    }
}
