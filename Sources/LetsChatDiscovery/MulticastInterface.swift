#if canImport(Glibc)
import Glibc
#endif

/// A network interface multicast DNS runs on: up, multicast-capable, not loopback, with an IPv4 address.
public struct MulticastInterface: Hashable, Sendable {
    /// The interface's name, such as `eth0`.
    public var name: String
    /// The kernel's index for it.
    public var index: Int32
    /// Its IPv4 address, 4 bytes.
    public var address: [UInt8]
    /// The IPv4 netmask, 4 bytes.
    public var netmask: [UInt8]
    /// Its IPv6 addresses that are not link-local (those need the interface named to be used), 16 bytes each.
    public var addresses6: [[UInt8]]

    /// Whether `source` (4 bytes) is on this interface's IPv4 subnet.
    public func contains(_ source: [UInt8]) -> Bool {
        source.count == 4 && (0..<4).allSatisfy { source[$0] & netmask[$0] == address[$0] & netmask[$0] }
    }

    /// Every interface that qualifies now, one entry per interface (its first IPv4 address), by index.
    public static func current() -> [MulticastInterface] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var found: [String: MulticastInterface] = [:]
        var extra6: [String: [[UInt8]]] = [:]
        var entry = list
        while let item = entry {
            entry = item.pointee.ifa_next
            let flags = item.pointee.ifa_flags
            guard let address = item.pointee.ifa_addr, flags & UInt32(IFF_UP) != 0, flags & UInt32(IFF_MULTICAST) != 0,
                  flags & UInt32(IFF_LOOPBACK) == 0 else { continue }
            let name = String(cString: item.pointee.ifa_name)
            switch Int32(address.pointee.sa_family) {
            case AF_INET where found[name] == nil:
                let mask = item.pointee.ifa_netmask.map(Self.bytes4) ?? [255, 255, 255, 255]
                found[name] = MulticastInterface(name: name, index: Int32(if_nametoindex(name)),
                                                 address: Self.bytes4(address), netmask: mask, addresses6: [])
            case AF_INET6:
                let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                }
                if !(bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80) { extra6[name, default: []].append(bytes) }
            default:
                continue
            }
        }
        for (name, addresses) in extra6 { found[name]?.addresses6 = addresses }
        return found.values.sorted { $0.index < $1.index }
    }

    /// Every IPv4 and IPv6 address of this machine's interfaces, loopback included, as raw bytes.
    public static func machineAddresses() -> Set<[UInt8]> {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var addresses = Set<[UInt8]>()
        var entry = list
        while let item = entry {
            entry = item.pointee.ifa_next
            guard let address = item.pointee.ifa_addr else { continue }
            if Int32(address.pointee.sa_family) == AF_INET {
                addresses.insert(bytes4(address))
            } else if Int32(address.pointee.sa_family) == AF_INET6 {
                addresses.insert(address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                })
            }
        }
        return addresses
    }

    private static func bytes4(_ address: UnsafeMutablePointer<sockaddr>) -> [UInt8] {
        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
            withUnsafeBytes(of: $0.pointee.sin_addr.s_addr) { Array($0) }
        }
    }
}
