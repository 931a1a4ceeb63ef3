#if canImport(Glibc)
import Glibc
#endif

/// Why a test client gave up: what it waited for and what it had received instead.
struct TestClientError: Error, CustomStringConvertible {
    /// The failure, with the last lines received, for the test report.
    let description: String
}

/// A blocking loopback TCP client for tests, written against Glibc so it shares nothing with the server.
///
/// Every wait has a deadline: `expect` reads until a line matching a predicate arrives and throws
/// when the deadline passes, so a missing reply fails the test instead of hanging it. Lines are
/// consumed in order: lines before the match are skipped but stay in `lines` for later checks.
final class TestClient {
    /// How long a wait lasts unless a test says otherwise; generous, because the machine is shared.
    static let defaultTimeout = 5.0

    /// The connected descriptor.
    let fd: Int32
    /// A name for failure messages.
    let label: String
    /// Every complete line received so far, without CR LF, as raw bytes.
    private(set) var rawLines: [[UInt8]] = []
    /// Whether the server closed the connection.
    private(set) var peerClosed = false
    private var partial: [UInt8] = []
    private var cursor = 0
    private var isClosed = false

    /// Connects to 127.0.0.1:`port`; a `receiveBufferSize` is set before connecting, so it also limits the TCP window.
    init(port: UInt16, label: String = "client", receiveBufferSize: Int32? = nil) throws {
        self.label = label
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "\(label): socket() failed, errno \(errno)") }
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        // Each write leaves at once, as a person's typing would; the original client relies on it.
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = TestClient.loopback(port: port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestClientError(description: "\(label): connect to port \(port) failed, errno \(code)")
        }
    }

    deinit {
        close()
    }

    /// Every complete line received so far, decoded (invalid UTF-8 shown as U+FFFD).
    var lines: [String] {
        rawLines.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes all of `text` as UTF-8, exactly as given (callers add any terminator).
    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Writes all of `bytes`.
    func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw TestClientError(description: "\(label): send failed, errno \(errno)")
            }
            offset += sent
        }
    }

    /// Reads until a line satisfying `predicate` arrives and returns it; throws after `timeout` seconds
    /// or if the connection closes first. Lines before it are skipped.
    @discardableResult
    func expect(_ what: String, within timeout: Double = defaultTimeout,
                where predicate: (String) -> Bool) throws -> String {
        let bytes = try expectRaw(what, within: timeout) { predicate(String(decoding: $0, as: UTF8.self)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads until a line containing `text` arrives and returns it.
    @discardableResult
    func expect(containing text: String, within timeout: Double = defaultTimeout) throws -> String {
        try expect("a line containing \"\(text)\"", within: timeout) { $0.contains(text) }
    }

    /// Like `expect`, on the line's raw bytes (to see what the server really sent).
    @discardableResult
    func expectRaw(_ what: String, within timeout: Double = defaultTimeout,
                   where predicate: ([UInt8]) -> Bool) throws -> [UInt8] {
        let deadline = TestClient.now() + timeout
        while true {
            while cursor < rawLines.count {
                let line = rawLines[cursor]
                cursor += 1
                if predicate(line) { return line }
            }
            if peerClosed { throw failure("the server closed the connection while waiting for \(what)") }
            guard try receive(until: deadline) else { throw failure("waited \(timeout) s for \(what)") }
        }
    }

    /// Reads the lines that arrive up to and including one satisfying `predicate`, and returns them all.
    func collect(until what: String, within timeout: Double = defaultTimeout,
                 where predicate: (String) -> Bool) throws -> [String] {
        let first = cursor
        try expect(what, within: timeout, where: predicate)
        return lines[first..<cursor].map { $0 }
    }

    /// Reads until the unterminated `prompt` (such as `NICK`) is the whole of what arrived, and consumes it.
    func expectPrompt(_ prompt: String, within timeout: Double = defaultTimeout) throws {
        let wanted = Array(prompt.utf8)
        let deadline = TestClient.now() + timeout
        while partial.count < wanted.count && rawLines.count == cursor {
            if peerClosed { throw failure("the server closed the connection while waiting for the prompt \(prompt)") }
            guard try receive(until: deadline) else { throw failure("waited \(timeout) s for the prompt \(prompt)") }
        }
        guard rawLines.count == cursor, Array(partial.prefix(wanted.count)) == wanted else {
            throw failure("expected exactly the prompt \(prompt), got \(String(decoding: partial, as: UTF8.self))")
        }
        partial.removeFirst(wanted.count)
    }

    /// Reads until the server closes the connection; throws after `timeout` seconds.
    func expectClosed(within timeout: Double = defaultTimeout) throws {
        let deadline = TestClient.now() + timeout
        while !peerClosed {
            guard try receive(until: deadline) else { throw failure("waited \(timeout) s for the server to close") }
        }
    }

    /// Whether any line received so far, consumed or not, satisfies `predicate`.
    func hasReceived(where predicate: (String) -> Bool) -> Bool {
        lines.contains(where: predicate)
    }

    /// Closes the connection (idempotent).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Receives once; false on timeout. End of stream sets `peerClosed`.
    private func receive(until deadline: Double) throws -> Bool {
        let remaining = deadline - TestClient.now()
        guard remaining > 0 else { return false }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(remaining * 1000) + 1)
        if ready < 0 {
            if errno == EINTR { return true }
            throw failure("poll failed, errno \(errno)")
        }
        guard ready > 0 else { return TestClient.now() < deadline }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 && errno == EINTR { return true }
        guard count > 0 else {
            peerClosed = true
            return true
        }
        partial.append(contentsOf: buffer[0..<count])
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(partial[..<newline])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            rawLines.append(line)
            partial.removeFirst(newline + 1)
        }
        return true
    }

    private func failure(_ text: String) -> TestClientError {
        let recent = lines.suffix(8).map { "    \($0)" }.joined(separator: "\n")
        return TestClientError(description: "\(label): \(text); last lines received:\n\(recent)")
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// 127.0.0.1:`port` as a socket address.
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// A port that was free a moment ago: bound with port 0 by a throwaway socket, read back, released.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "socket() failed, errno \(errno)") }
        defer { Glibc.close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestClientError(description: "bind to a free port failed, errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
