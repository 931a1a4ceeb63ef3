/// A connection in plain text: every call goes straight to its `Socket`.
///
/// Thread-safety: it holds only the descriptor, which POSIX lets one thread read while another
/// writes; the `Transport` contract's callers do the rest.
public final class PlainTransport: Transport {
    /// The connection's socket.
    private let socket: Socket

    /// The transport of an open, connected `socket`; it closes the socket in `close()`.
    public init(_ socket: Socket) {
        self.socket = socket
    }

    /// Connects to `host`:`port` (a name or literal) in plain text.
    public static func connect(host: String, port: UInt16) throws(SocketError) -> PlainTransport {
        PlainTransport(try Socket.connect(host: host, port: port))
    }

    public var descriptor: Int32 { socket.fd }

    public var hasBufferedInput: Bool { false }

    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try socket.receive(into: buffer)
    }

    public func waitReadable(milliseconds: Int32) -> Bool {
        socket.waitReadable(milliseconds: milliseconds)
    }

    public func sendAll(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {
        try socket.sendAll(bytes)
    }

    public func sendAvailable(_ bytes: [UInt8]) throws(SocketError) -> Int {
        try socket.sendAvailable(bytes)
    }

    public func shutdown() {
        socket.shutdown()
    }

    public func shutdownReading() -> Bool {
        socket.shutdownReading()
    }

    public func shutdownWriting() {
        socket.shutdownWriting()
    }

    public func close() {
        socket.close()
    }
}
