#if canImport(Glibc)
import Glibc
#endif
import COpenSSL

/// A connection in TLS: OpenSSL encrypts and decrypts in memory, and every byte on the wire goes
/// through the connection's `Socket`, so nothing blocks while holding OpenSSL's state.
///
/// OpenSSL reads ciphertext from one memory BIO and writes it to another; this type moves bytes
/// between them and the socket. One lock, `state`, guards the `SSL` object and every field below,
/// and is never held while waiting for the peer. Two roles keep the wire in order:
/// - **receiving**: one thread at a time takes ciphertext off the socket (outside the lock) and
///   puts it into the read BIO (under it). That is normally the reader; a sender that needs the
///   handshake finished and finds no reader at work takes the role itself. Whoever finds the role
///   taken waits for the holder's bytes instead of reading.
/// - **sending**: every OpenSSL call that produced ciphertext (a sender's records, the reader's
///   handshake replies and alerts) moves it, still under the lock, to the end of `outgoing`, so
///   records never interleave. One thread at a time writes `outgoing` to the socket: whoever finds
///   the role free after adding bytes takes it and sends until `outgoing` is empty (a blocking
///   sender) or the socket is full (`sendAvailable`, which then reports a short write so that its
///   caller's blocking `sendAll` follows). A thread that finds the role taken leaves its bytes to
///   the holder; `sendAll` and `shutdownWriting` also wait until they are out.
///
/// `sendAvailable` counts plaintext. It encrypts all it is given; if some ciphertext could not be
/// sent, it reports one byte fewer than it took and remembers that (`heldBack`), so the caller,
/// which passes the rest to its next send as the `Transport` contract says, hands that byte back,
/// and the next send skips it while flushing what is pending.
public final class TLSTransport: Transport, @unchecked Sendable {
    private let socket: Socket
    /// Kept alive for `ssl`, which refers to it.
    private let context: TLSContext
    /// Guards `ssl` (every OpenSSL call on it) and every `var` below; never held while waiting on the socket.
    private let state = Condition()
    private let ssl: OpaquePointer
    /// Ciphertext from the socket for OpenSSL; renewed once drained after holding more than `spareLimit`.
    private var readBIO: OpaquePointer
    /// Ciphertext from OpenSSL for the socket; renewed like `readBIO`.
    private var writeBIO: OpaquePointer
    /// Whether `readBIO` held more than `spareLimit` bytes at once since it was made.
    private var readBIOGrew = false
    /// Ciphertext produced and not yet written to the socket, in wire order.
    private var outgoing: [UInt8] = []
    /// Whether a thread is writing ciphertext to the socket.
    private var sending = false
    /// Whether a thread is reading ciphertext from the socket.
    private var receiving = false
    /// Leading bytes of the next send that are already encrypted (see the type's documentation).
    private var heldBack = 0
    /// Whether the socket reported the end of the peer's bytes.
    private var peerEnded = false
    /// Whether `shutdown()` was called.
    private var stopped = false
    /// The first failure; every later call reports it.
    private var failure: SocketError?

    /// Ciphertext read from the socket at a time: one full TLS record and its header.
    private static let receiveChunk = 16 * 1024 + 512

    /// The most a drained memory BIO may keep allocated. A memory BIO never shrinks: one welcome
    /// burst or one long NAMES list would otherwise stay with an idle client for good (up to 4/3 of
    /// the largest flight, ~22 KiB after a full record).
    private static let spareLimit = 4096

    /// A TLS connection over the connected `socket`, playing `context`'s role; a client sends
    /// `serverName` as SNI unless it is an address (with `.systemCAs`, that verification's host name).
    /// The handshake happens in `handshake(milliseconds:)` or in the first receive or send.
    public init(_ socket: Socket, context: TLSContext, serverName: String? = nil) throws(SocketError) {
        guard let ssl = SSL_new(context.context),
              let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            throw .tls("TLS set-up", reason: TLSContext.lastErrorReason())
        }
        SSL_set_bio(ssl, readBIO, writeBIO)
        self.socket = socket
        self.context = context
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        switch context.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client(let verification):
            var name = serverName
            if case .systemCAs(let hostName) = verification {
                name = hostName
                let checked = TLSTransport.isAddress(hostName)
                    ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), hostName) : SSL_set1_host(ssl, hostName)
                guard checked == 1 else { throw .tls("TLS set-up", reason: TLSContext.lastErrorReason()) }
            }
            if let name, !TLSTransport.isAddress(name) { _ = letschat_set_tlsext_host_name(ssl, name) }
            SSL_set_connect_state(ssl)
        }
    }

    deinit {
        SSL_free(ssl)
    }

    /// Connects to `host`:`port` as a TLS client of `context`; the handshake follows on first use
    /// or in `handshake(milliseconds:)`.
    public static func connect(host: String, port: UInt16, context: TLSContext) throws(SocketError) -> TLSTransport {
        let socket = try Socket.connect(host: host, port: port)
        do { return try TLSTransport(socket, context: context, serverName: host) } catch {
            socket.close()
            throw error
        }
    }

    /// SHA-256 of the certificate the peer showed, as 64 upper-case hex digits (the form of
    /// `ServerCertificate.fingerprint`); nil before the handshake or when the peer showed none.
    public var peerFingerprint: String? {
        state.withLock {
            guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
            defer { X509_free(certificate) }
            return ServerCertificate.fingerprint(of: certificate)
        }
    }

    /// The TLS version agreed on (`TLSv1.3`), or nil before the handshake.
    public var protocolVersion: String? {
        state.withLock { SSL_is_init_finished(ssl) == 1 ? String(cString: SSL_get_version(ssl)) : nil }
    }

    /// Runs the handshake to its end, waiting at most `milliseconds` (-1: no limit) for the peer;
    /// false on timeout. Throws when the peer refuses, breaks it off or does not speak TLS.
    public func handshake(milliseconds: Int32) throws(SocketError) -> Bool {
        state.lock()
        defer { state.unlock() }
        let deadline = milliseconds < 0 ? nil : MonotonicClock.now() + Double(milliseconds) / 1000
        while true {
            if let failure { throw failure }
            if SSL_is_init_finished(ssl) == 1 { return true }
            let (result, code) = call { SSL_do_handshake($0) }
            if result != 1 && code != SSL_ERROR_WANT_READ { throw failed(code) }
            try flush(.blocking)
            if result == 1 { return true }
            switch try pull(until: deadline) {
            case .timeout: return false
            case .ended: throw failed(operation: "TLS handshake", reason: "the peer closed the connection")
            case .progress: continue
            }
        }
    }

    public var descriptor: Int32 { socket.fd }

    public var hasBufferedInput: Bool {
        state.withLock { SSL_pending(ssl) > 0 || letschat_bio_pending(readBIO) > 0 }
    }

    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        state.lock()
        defer { state.unlock() }
        while true {
            if let failure { throw failure }
            let (count, code) = call { SSL_read($0, buffer.baseAddress, Int32(clamping: buffer.count)) }
            if count > 0 {
                if !outgoing.isEmpty { try flush(.blocking) }
                return Int(count)
            }
            switch code {
            case SSL_ERROR_ZERO_RETURN:
                return 0
            case SSL_ERROR_WANT_READ:
                try flush(.blocking)
                if try pull(until: nil) == .ended { return 0 }
            default:
                throw failed(code)
            }
        }
    }

    public func waitReadable(milliseconds: Int32) -> Bool {
        state.lock()
        defer { state.unlock() }
        let deadline = milliseconds < 0 ? nil : MonotonicClock.now() + Double(milliseconds) / 1000
        while true {
            if failure != nil || peerEnded || stopped || SSL_pending(ssl) > 0 { return true }
            // Peeking decrypts whatever complete records have arrived (the handshake's included).
            var byte: UInt8 = 0
            let (count, code) = call { SSL_peek($0, &byte, 1) }
            if count > 0 || code == SSL_ERROR_ZERO_RETURN { return true }
            if code != SSL_ERROR_WANT_READ {
                _ = failed(code)
                return true
            }
            do throws(SocketError) {
                try flush(.blocking)
                if try pull(until: deadline) == .timeout { return false }
            } catch {
                return true
            }
        }
    }

    public func sendAll(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {
        state.lock()
        defer { state.unlock() }
        if let failure { throw failure }
        var offset = min(heldBack, bytes.count)
        heldBack -= offset
        while offset < bytes.count {
            let (count, code) = call { SSL_write($0, bytes.baseAddress! + offset, Int32(clamping: bytes.count - offset)) }
            if count > 0 {
                offset += Int(count)
                continue
            }
            // Only a handshake still under way makes a write wait, for the peer's next flight.
            guard code == SSL_ERROR_WANT_READ else { throw failed(code) }
            try flush(.complete)
            if try pull(until: nil) == .ended { throw failed(operation: "send", reason: "the peer closed the connection") }
        }
        try flush(.complete)
    }

    public func sendAvailable(_ bytes: [UInt8]) throws(SocketError) -> Int {
        state.lock()
        defer { state.unlock() }
        if let failure { throw failure }
        var accepted = min(heldBack, bytes.count)
        heldBack -= accepted
        if accepted < bytes.count {
            let (count, code) = bytes.withUnsafeBytes { raw in
                call { SSL_write($0, raw.baseAddress! + accepted, Int32(clamping: raw.count - accepted)) }
            }
            if count > 0 {
                accepted += Int(count)
            } else if code != SSL_ERROR_WANT_READ {
                throw failed(code)
            }
        }
        try flush(.nonBlocking)
        guard !outgoing.isEmpty, accepted > 0 else { return accepted }
        heldBack += 1
        return accepted - 1
    }

    public func shutdown() {
        state.withLock {
            stopped = true
            state.broadcast()
        }
        socket.shutdown()
    }

    public func shutdownReading() -> Bool {
        socket.shutdownReading()
    }

    public func shutdownWriting() {
        state.withLock {
            guard failure == nil, SSL_is_init_finished(ssl) == 1 else { return }
            _ = call { SSL_shutdown($0) }
            try? flush(.complete)
        }
        socket.shutdownWriting()
    }

    /// Closes the descriptor; the `SSL` object goes with the transport itself.
    public func close() {
        socket.close()
    }

    // MARK: - Moving ciphertext (all with `state` held)

    /// What one turn at the socket brought.
    private enum Pulled { case progress, timeout, ended }

    /// How `flush` behaves when the socket or the sending role is busy.
    private enum FlushMode {
        /// Send what the socket takes now; leave the rest in `outgoing`.
        case nonBlocking
        /// Send everything, unless another thread is sending: it sends these bytes too.
        case blocking
        /// Like `blocking`, and wait for that other thread until everything is out.
        case complete
    }

    /// Runs one OpenSSL call and moves the ciphertext it produced to `outgoing`; returns the call's
    /// result and, when that is not positive, `SSL_get_error`'s code.
    private func call(_ body: (OpaquePointer) -> Int32) -> (Int32, Int32) {
        ERR_clear_error()
        let result = body(ssl)
        let code = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, result)
        let pending = Int(letschat_bio_pending(writeBIO))
        if pending > 0 {
            let start = outgoing.count
            outgoing.append(contentsOf: repeatElement(0, count: pending))
            let read = outgoing.withUnsafeMutableBytes { BIO_read(writeBIO, $0.baseAddress! + start, Int32(pending)) }
            outgoing.removeLast(pending - Int(max(read, 0)))
            if pending > TLSTransport.spareLimit, letschat_bio_pending(writeBIO) == 0, let fresh = BIO_new(BIO_s_mem()) {
                SSL_set0_wbio(ssl, fresh)
                writeBIO = fresh
            }
        }
        if readBIOGrew, letschat_bio_pending(readBIO) == 0, let fresh = BIO_new(BIO_s_mem()) {
            SSL_set0_rbio(ssl, fresh)
            readBIO = fresh
            readBIOGrew = false
        }
        return (result, code)
    }

    /// Records and returns the failure OpenSSL reported with `code`, after trying to send the alert
    /// it wrote for the peer.
    private func failed(_ code: Int32) -> SocketError {
        let operation = SSL_is_init_finished(ssl) == 1 ? "TLS" : "TLS handshake"
        let reason = code == SSL_ERROR_SYSCALL ? "the connection broke" : TLSContext.lastErrorReason()
        let error = failed(operation: operation, reason: reason)
        try? flush(.nonBlocking)
        return error
    }

    private func failed(operation: String, reason: String) -> SocketError {
        let error = SocketError.tls(operation, reason: reason)
        if failure == nil { failure = error }
        return failure ?? error
    }

    /// Takes one turn at reading the socket (or waits for the thread that has it) and feeds what
    /// arrived to OpenSSL; stops waiting at `deadline` (`MonotonicClock` seconds; nil: never).
    private func pull(until deadline: Double?) throws(SocketError) -> Pulled {
        if peerEnded || stopped { return .ended }
        if receiving {
            if let deadline { return state.wait(until: deadline) ? .progress : .timeout }
            state.wait()
            return .progress
        }
        receiving = true
        state.unlock()
        var ready = true
        if let deadline {
            let milliseconds = max(0, ((deadline - MonotonicClock.now()) * 1000).rounded(.up))
            ready = socket.waitReadable(milliseconds: Int32(min(milliseconds, Double(Int32.max))))
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: TLSTransport.receiveChunk, alignment: 16)
        defer { buffer.deallocate() }
        var count = 0
        var error: SocketError?
        if ready {
            do { count = try socket.receive(into: buffer) } catch let failure { error = failure }
        }
        state.lock()
        receiving = false
        state.broadcast()
        if let error {
            if failure == nil { failure = error }
            throw error
        }
        guard ready else { return .timeout }
        guard count > 0 else {
            peerEnded = true
            return .ended
        }
        _ = BIO_write(readBIO, buffer.baseAddress, Int32(count))
        if letschat_bio_pending(readBIO) > TLSTransport.spareLimit { readBIOGrew = true }
        return .progress
    }

    /// Writes `outgoing` to the socket, or leaves it to the thread that is writing (see `FlushMode`).
    private func flush(_ mode: FlushMode) throws(SocketError) {
        while !outgoing.isEmpty {
            if sending {
                guard mode == .complete else { return }
                state.wait()
                continue
            }
            sending = true
            var batch: [UInt8] = []
            swap(&batch, &outgoing)
            state.unlock()
            var sent = 0
            var error: SocketError?
            do throws(SocketError) {
                if mode == .nonBlocking {
                    sent = try socket.sendAvailable(batch)
                } else {
                    try socket.sendAll(batch)
                    sent = batch.count
                }
            } catch let failure {
                error = failure
            }
            state.lock()
            sending = false
            state.broadcast()
            if let error {
                if failure == nil { failure = error }
                outgoing = []
                throw error
            }
            if sent < batch.count {
                outgoing = Array(batch[sent...]) + outgoing
                return
            }
        }
        if mode == .complete, let failure { throw failure }
    }

    /// Whether `host` is an IPv4 or IPv6 literal (no SNI for those; checked as an address).
    private static func isAddress(_ host: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
    }
}
