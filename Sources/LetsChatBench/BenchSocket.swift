#if canImport(Glibc)
import Glibc
#endif
import CSystem
import LetsChatSystem

/// Every system call of the load generator: non-blocking sockets, epoll and the monotonic clock.
enum BenchSocket {
    /// A resolved loopback address to connect to.
    struct Address: @unchecked Sendable {
        // Plain bytes of a sockaddr, copied once and never changed: safe to read from any thread.
        fileprivate let storage: sockaddr_storage
        fileprivate let length: socklen_t
        fileprivate let family: Int32
    }

    /// A failed call, with `errno`.
    struct Failure: Error, CustomStringConvertible {
        /// The system call that failed.
        let call: String
        /// The `errno` it left.
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// Resolves a numeric address (or `localhost`) and `port`.
    static func address(host: String, port: UInt16) throws(Failure) -> Address {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let node = host == "localhost" ? "127.0.0.1" : host
        guard getaddrinfo(node, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(call: "resolve \(host)", code: EINVAL)
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        return Address(storage: storage, length: first.pointee.ai_addrlen, family: first.pointee.ai_family)
    }

    /// Starts a non-blocking connection; the descriptor becomes writable once it is made (or failed).
    static func startConnect(to address: Address) throws(Failure) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var storage = address.storage
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
        }
        if status != 0 && errno != EINPROGRESS {
            let failure = Failure(call: "connect", code: errno)
            close(fd)
            throw failure
        }
        return fd
    }

    /// The outcome of a non-blocking connect: 0 when connected, else the error.
    static func connectError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// Reads what is there: a count, 0 when the peer closed, -1 when nothing is waiting, -2 on failure.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = SystemCall.retryingInterrupts { recv(fd, buffer.baseAddress, buffer.count, 0) }
        if count >= 0 { return count }
        return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : -2
    }

    /// Writes what the socket takes: a count (maybe 0 when full), or -1 on failure.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        guard !bytes.isEmpty else { return 0 }
        let count = SystemCall.retryingInterrupts { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        if count >= 0 { return count }
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1
    }

    /// Releases a descriptor.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// A new epoll instance.
    static func makePoller() -> Int32 {
        epoll_create1(Int32(EPOLL_CLOEXEC))
    }

    /// Watches `fd` for input, and for room to write when `writable`; `token` comes back with its events.
    static func watch(_ poller: Int32, _ fd: Int32, token: Int, writable: Bool, add: Bool) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        event.data.u64 = UInt64(token)
        _ = epoll_ctl(poller, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event)
    }

    /// One ready descriptor: its token, and whether it can be read, written or has failed.
    struct Ready {
        /// The token `watch` was given for the descriptor.
        let token: Int
        /// Whether there is input to read or the peer has shut down its side.
        let readable: Bool
        /// Whether the socket has room to write.
        let writable: Bool
        /// Whether the socket has an error or has hung up.
        let failed: Bool
    }

    /// Room for the events of one wait.
    struct EventBuffer {
        fileprivate var events = [epoll_event](repeating: epoll_event(), count: 1024)
    }

    /// Waits up to `milliseconds` and calls `body` for each ready descriptor.
    static func wait(_ poller: Int32, _ buffer: inout EventBuffer, milliseconds: Int32, _ body: (Ready) -> Void) {
        let count = buffer.events.withUnsafeMutableBufferPointer {
            epoll_wait(poller, $0.baseAddress, Int32($0.count), milliseconds)
        }
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let event = buffer.events[index]
            let flags = event.events
            body(Ready(token: Int(event.data.u64), readable: flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0,
                       writable: flags & EPOLLOUT.rawValue != 0, failed: flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0))
        }
    }

    /// Nanoseconds on the monotonic clock, which all processes on this machine share.
    @inline(__always)
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// This process's own CPU seconds (user + system), to tell when the generator is the bottleneck.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// Raises this process's open-file limit to its maximum; returns the limit in force.
    static func raiseFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    /// Sleeps for `seconds`.
    static func sleep(_ seconds: Double) {
        usleep(UInt32(max(seconds, 0) * 1_000_000))
    }
}
