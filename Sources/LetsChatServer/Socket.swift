#if canImport(Glibc)
import Glibc
#endif
import CSystem
import LetsChatSystem

/// A TCP socket descriptor; every socket system call of the server goes through this type.
///
/// Thread-safety: a `Socket` is a plain descriptor number. One connection's reader thread
/// receives and its writer thread sends on the same descriptor, which POSIX allows; `close`
/// is called once, by the connection after both threads are done. Sessions do not use a
/// `Socket` directly but its `Transport` (`PlainTransport`), which may later be TLS.
public struct Socket: Sendable, Hashable {
    /// The descriptor.
    public let fd: Int32

    /// Wraps an already open descriptor.
    public init(fd: Int32) {
        self.fd = fd
    }

    /// Opens a listening socket on `host` (an IPv4 or IPv6 literal, `*` or `::` for all
    /// interfaces, both families) and `port` (0 picks a free one).
    public static func listen(host: String, port: UInt16, backlog: Int32 = 4096) throws(SocketError) -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let node: String? = (host == "*" || host.isEmpty) ? "::" : host
        let status = getaddrinfo(node, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SocketError("resolve \(host)", code: status == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        var one: Int32 = 1
        var zero: Int32 = 0
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if first.pointee.ai_family == AF_INET6 {
            // One socket serves IPv4 too, as `::ffff:a.b.c.d`.
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
        }
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let error = SocketError("bind \(host) port \(port)")
            Glibc.close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError("listen")
            Glibc.close(fd)
            throw error
        }
        return Socket(fd: fd)
    }

    /// Connects to `host`:`port` (a name or literal), trying each address in turn.
    public static func connect(host: String, port: UInt16) throws(SocketError) -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            throw SocketError("look up \(host)", code: status == EAI_SYSTEM ? errno : EHOSTUNREACH)
        }
        defer { freeaddrinfo(list) }
        var lastError = SocketError("connect to \(host) port \(port)", code: ECONNREFUSED)
        var entry = list
        while let info = entry {
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd >= 0 {
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    let socket = Socket(fd: fd)
                    socket.setNoDelay()
                    return socket
                }
                lastError = SocketError("connect to \(host) port \(port)")
                Glibc.close(fd)
            }
            entry = info.pointee.ai_next
        }
        throw lastError
    }

    /// Waits for and returns the next connection, with its peer's address as text.
    public func accept() throws(SocketError) -> (Socket, String) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        // Close-on-exec from the start: programs the process starts (tests, a shell-out) must not
        // inherit client connections, not even one spawned between `accept` and a later `fcntl`.
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                SystemCall.retryingInterrupts { accept4(self.fd, address, &length, Int32(SOCK_CLOEXEC.rawValue)) }
            }
        }
        guard fd >= 0 else { throw SocketError("accept") }
        let socket = Socket(fd: fd)
        socket.setNoDelay()
        return (socket, Socket.describe(&storage))
    }

    /// The port this socket is bound to.
    public var localPort: UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    /// Reads what is available into `buffer`; 0 means the peer closed.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        let count = SystemCall.retryingInterrupts { recv(fd, buffer.baseAddress, buffer.count, 0) }
        guard count >= 0 else { throw SocketError("recv") }
        return count
    }

    /// Copies up to `count` of the bytes that have arrived without taking them off the socket and
    /// without waiting; empty when none are there yet, nil when the peer closed or the socket failed.
    public func peek(upTo count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { raw in
            SystemCall.retryingInterrupts { recv(fd, raw.baseAddress, raw.count, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) }
        }
        if got < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? [] : nil }
        return got == 0 ? nil : Array(bytes.prefix(got))
    }

    /// Waits up to `milliseconds` (-1: forever) for bytes or a hang-up; true if the socket is readable.
    public func waitReadable(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        // A failed poll counts as readable: the receive that follows reports the failure.
        return SystemCall.retryingInterrupts { poll(&entry, 1, milliseconds) } != 0
    }

    /// Waits up to `milliseconds` (-1: forever) for `descriptor` to become readable; the time left
    /// (-1 stays -1), or nil when it ran out.
    @inline(never)
    static func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Int32? {
        let start = MonotonicClock.now()
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard SystemCall.retryingInterrupts({ poll(&entry, 1, milliseconds) }) != 0 else { return nil }
        guard milliseconds > 0 else { return milliseconds }
        return milliseconds - Int32(min((MonotonicClock.now() - start) * 1000, Double(milliseconds)))
    }

    /// Writes all of `bytes`, blocking as needed; never raises SIGPIPE.
    public func sendAll(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            let sent = SystemCall.retryingInterrupts {
                send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent >= 0 else { throw SocketError("send") }
            offset += sent
        }
    }

    /// Writes as much of `bytes` as the socket takes without blocking; returns how much that was.
    public func sendAvailable(_ bytes: [UInt8]) throws(SocketError) -> Int {
        var failure: SocketError?
        let written = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = SystemCall.retryingInterrupts {
                    send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                }
                guard sent >= 0 else {
                    if errno != EAGAIN && errno != EWOULDBLOCK { failure = SocketError("send") }
                    break
                }
                offset += sent
            }
            return offset
        }
        if let failure { throw failure }
        return written
    }

    /// Writes all of `bytes`.
    public func sendAll(_ bytes: [UInt8]) throws(SocketError) {
        var failure: SocketError?
        bytes.withUnsafeBytes { raw in
            do throws(SocketError) { try sendAll(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes all of `text` as UTF-8.
    public func sendAll(_ text: String) throws(SocketError) {
        try sendAll(Array(text.utf8))
    }

    /// Stops both directions, waking any thread blocked in `receive` or `sendAll`.
    public func shutdown() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Stops the receiving direction only: a blocked `receive` returns 0 while queued output still goes out.
    public func shutdownReading() -> Bool {
        Glibc.shutdown(fd, Int32(SHUT_RD)) == 0
    }

    /// Sends end-of-file to the peer but keeps reading its last words.
    public func shutdownWriting() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Releases the descriptor.
    public func close() {
        _ = Glibc.close(fd)
    }

    private func setNoDelay() {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Numeric text of an IPv4 or IPv6 socket address (`::ffff:` prefix removed).
    static func describe(_ storage: UnsafeMutablePointer<sockaddr_storage>) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = storage.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            getnameinfo($0, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
        }
        guard status == 0 else { return "unknown" }
        let text = String(nulTerminated: host)
        return text.hasPrefix("::ffff:") ? String(text.dropFirst(7)) : text
    }
}

extension String {
    /// Decodes a NUL-terminated C buffer as UTF-8.
    init(nulTerminated buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
