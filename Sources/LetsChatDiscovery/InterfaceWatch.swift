#if canImport(Glibc)
import Glibc
#endif
import LetsChatSystem

/// A netlink socket that becomes readable when an interface or an address comes, goes or changes,
/// so the discovery thread learns of a network that came up after it started (a server started at
/// boot before DHCP, a laptop joining Wi-Fi) without polling on a timer.
final class InterfaceWatch {
    /// The descriptor to poll; -1 when netlink is not available (then changes go unnoticed).
    let fd: Int32

    /// Subscribes to IPv4 and IPv6 address changes (`RTMGRP_IPV4_IFADDR`, `RTMGRP_IPV6_IFADDR`); not to link
    /// events, which Wi-Fi drivers send often and which matter here only through the addresses that follow.
    init() {
        // AF_NETLINK (16) and NETLINK_ROUTE (0); <linux/netlink.h> is not part of Swift's Glibc module.
        let fd = socket(16, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else {
            self.fd = -1
            return
        }
        // struct sockaddr_nl: family (2 bytes), padding (2), port id (4, 0: the kernel picks), groups (4).
        var address = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: UInt16(16)) { address.replaceSubrange(0..<2, with: $0) }
        let groups: UInt32 = 0x10 | 0x100
        withUnsafeBytes(of: groups) { address.replaceSubrange(8..<12, with: $0) }
        let bound = address.withUnsafeBytes {
            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
        }
        if bound != 0 {
            Glibc.close(fd)
            self.fd = -1
        } else {
            self.fd = fd
        }
    }

    /// Reads every pending notification; their content does not matter, only that something changed.
    func drain() {
        guard fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 8192)
        for _ in 0..<64 {
            let count = buffer.withUnsafeMutableBytes { raw in
                SystemCall.retryingInterrupts { recv(fd, raw.baseAddress, raw.count, 0) }
            }
            if count <= 0 { return }
        }
    }

    /// Releases the descriptor.
    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
    }
}
