#if canImport(Glibc)
import Glibc
#endif
import COpenSSL

/// TLS for the simulated clients: one OpenSSL client context, and one `SSL` per client over its
/// non-blocking socket, read and written only by the client's worker thread.
///
/// The generator measures servers, not certificates: it checks none (every server in a run uses a
/// self-signed one) and asks for TLS 1.2 or later, as `letschat` does.
enum BenchTLS {
    /// The context every client's connection is made from; OpenSSL's reference counting makes it
    /// safe to share between worker threads.
    nonisolated(unsafe) static let context: OpaquePointer? = {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return nil }
        _ = letschat_ctx_set_min_proto_version(context, TLS1_2_VERSION)
        // A write may take part of a buffer, and be retried from another address once the outbox grows.
        _ = letschat_ctx_set_mode(context, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        return context
    }()

    /// A client-side TLS connection over the connected socket `fd`; the handshake runs within the
    /// first reads and writes. Nil when OpenSSL could not make one.
    static func connection(over fd: Int32) -> OpaquePointer? {
        guard let context, let ssl = SSL_new(context) else { return nil }
        SSL_set_fd(ssl, fd)
        SSL_set_connect_state(ssl)
        return ssl
    }

    /// Reads decrypted bytes, as `BenchSocket.receive` does: a count, 0 when the peer closed, -1 when
    /// nothing is waiting, -2 on failure.
    static func receive(_ ssl: OpaquePointer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return Int(count) }
        switch SSL_get_error(ssl, count) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return -1
        case SSL_ERROR_ZERO_RETURN: return 0
        default:
            ERR_clear_error()
            return -2
        }
    }

    /// Writes what the connection takes: a count (0 when the socket is full), -1 on failure, or -2
    /// when TLS must read from the server before it can write (during the handshake).
    static func send(_ ssl: OpaquePointer, _ bytes: UnsafeRawBufferPointer) -> Int {
        guard !bytes.isEmpty else { return 0 }
        let count = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        if count > 0 { return Int(count) }
        switch SSL_get_error(ssl, count) {
        case SSL_ERROR_WANT_WRITE: return 0
        case SSL_ERROR_WANT_READ: return -2
        default:
            ERR_clear_error()
            return -1
        }
    }

    /// Frees a connection (the socket is closed separately).
    static func free(_ ssl: OpaquePointer) {
        SSL_free(ssl)
    }
}
