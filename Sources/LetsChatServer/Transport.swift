/// One connection's byte stream, as every reader and writer above the socket sees it: plain text
/// today (`PlainTransport`), TLS later, and nothing above this seam knows which it has.
///
/// Who calls what (the contract a TLS implementation must keep; Resources/doc/design.md):
/// - **One reader.** `receive`, `waitReadable` and `hasBufferedInput` are called by one thread at a
///   time: the connection's reader thread in the server, the network thread in the client.
/// - **One sender at a time**, on any thread. `sendAvailable` is called by whichever thread flushes
///   the connection's queue and `sendAll` by its writer thread (or a thread that owns the connection
///   alone); `Outbound` makes sure no two sends overlap. A send may run while the reader is inside
///   `receive` or `waitReadable` on another thread, so an implementation whose state both sides
///   touch (an OpenSSL `SSL` object) must guard it itself, and must not hold that guard while
///   blocked waiting for the peer (or the reader would stop every send).
/// - **Shutting down from anywhere.** `shutdown` and `shutdownReading` may be called by any thread at
///   any time (the server stopping, a queue overflowing) and must wake a thread blocked in
///   `receive`, `waitReadable` or `sendAll`. `close` is called once, after every other call ended.
/// - **Handshakes happen inside.** A transport that needs one (TLS) runs it inside the first
///   `waitReadable`, `receive` or send; until it is done, `receive` and `waitReadable` report no
///   application bytes, and `sendAvailable` may take none (the caller hands the rest to a thread that
///   may block in `sendAll`).
public protocol Transport: AnyObject, Sendable {
    /// The descriptor underneath, for a caller that polls it together with others (the client's
    /// network thread polls it with its control pipe). Readable does not mean that `receive` has
    /// application bytes (they may be only part of a TLS record), nor does unreadable mean it has
    /// none: check `hasBufferedInput` before polling.
    var descriptor: Int32 { get }

    /// Whether `receive` would return without waiting because bytes already came off the socket
    /// (decrypted but not yet handed out). Always false for plain text.
    var hasBufferedInput: Bool { get }

    /// Reads what is available into `buffer`, blocking until something is; 0 means the peer closed.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int

    /// Waits up to `milliseconds` (0: just looks, -1: forever) until `receive` would not block,
    /// counting buffered input and a hang-up or failure as readable; false on timeout.
    func waitReadable(milliseconds: Int32) -> Bool

    /// Writes all of `bytes`, blocking as long as the peer needs; never raises SIGPIPE.
    func sendAll(_ bytes: UnsafeRawBufferPointer) throws(SocketError)

    /// Writes as much of `bytes` as goes without blocking and returns how much that was (maybe 0).
    func sendAvailable(_ bytes: [UInt8]) throws(SocketError) -> Int

    /// Stops both directions at once, waking any thread blocked in it; sends no farewell.
    func shutdown()

    /// Stops the receiving direction only: a blocked `receive` returns 0 while queued output still
    /// goes out. Returns whether it could.
    func shutdownReading() -> Bool

    /// Tells the peer no more bytes follow (TLS: a close_notify first) but keeps receiving.
    func shutdownWriting()

    /// Releases the descriptor and anything else the transport holds.
    func close()
}

extension Transport {
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
}
