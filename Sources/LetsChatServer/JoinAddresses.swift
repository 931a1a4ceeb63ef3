#if canImport(Glibc)
import Glibc
#endif

/// The addresses other people on the network can use to reach this machine.
public enum JoinAddresses {
    /// Every non-loopback IPv4 and IPv6 address of the machine's interfaces that are up,
    /// IPv4 first; IPv6 link-local addresses carry their `%interface` zone.
    public static func current() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var v4: [String] = []
        var v6: [String] = []
        var entry = list
        while let item = entry {
            entry = item.pointee.ifa_next
            guard let address = item.pointee.ifa_addr, item.pointee.ifa_flags & UInt32(IFF_UP) != 0,
                  item.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0 else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(nulTerminated: host)
            if family == AF_INET { v4.append(text) } else { v6.append(text) }
        }
        return v4 + v6
    }

    /// `host:port`, bracketing IPv6 literals.
    public static func endpoint(_ host: String, port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
