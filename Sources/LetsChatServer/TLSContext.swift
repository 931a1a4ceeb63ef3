import COpenSSL

/// The settings every TLS connection of one side shares: an OpenSSL `SSL_CTX` with the server's
/// certificate, or with the client's way of trusting a server.
///
/// Both sides speak TLS 1.2 or 1.3 only, with forward-secret AEAD ciphers (ECDHE with AES-GCM or
/// ChaCha20-Poly1305 for 1.2; 1.3's own suites are all of that kind), no renegotiation and no
/// compression.
///
/// Thread-safety: the `SSL_CTX` is set up once in the initialiser and only read afterwards, by
/// `SSL_new` on any thread, which OpenSSL allows.
public final class TLSContext: @unchecked Sendable {
    /// How a client decides that it reached the right server.
    public enum Verification: Sendable, Equatable {
        /// No certificate authority is asked: after the handshake the caller compares
        /// `TLSTransport.peerFingerprint` with the one it pinned (trust on first use).
        case pinned
        /// The certificate must chain to a system certificate authority (`/etc/ssl/certs`) and name
        /// `hostName`, which is also sent as SNI.
        case systemCAs(hostName: String)
    }

    /// Which end of the handshake connections made with this context play.
    public enum Role: Sendable, Equatable {
        /// Accepts handshakes and shows the certificate.
        case server
        /// Starts handshakes and checks the server's certificate as `Verification` says.
        case client(Verification)
    }

    /// The TLS 1.2 cipher list: forward secrecy and AEAD only.
    static let tls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20"

    /// The OpenSSL context.
    let context: OpaquePointer
    /// The side this context serves.
    public let role: Role

    private init(context: OpaquePointer, role: Role) {
        self.context = context
        self.role = role
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// The server's context, showing `certificate` (its chain file) and proving it with its key.
    public static func server(certificate: ServerCertificate) throws(CertificateError) -> TLSContext {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw .generationFailed("context") }
        let made = TLSContext(context: context, role: .server)
        made.harden()
        // No session tickets: a chat connection lasts, and a resumed session would save one round trip
        // once in a long while at the cost of bytes on every handshake.
        SSL_CTX_set_num_tickets(context, 0)
        defer { ERR_clear_error() }
        guard SSL_CTX_use_certificate_chain_file(context, certificate.certificatePath) == 1 else {
            throw .invalidCertificate(certificate.certificatePath)
        }
        // Loading the key already compares it with the certificate ("key values mismatch").
        guard SSL_CTX_use_PrivateKey_file(context, certificate.keyPath, SSL_FILETYPE_PEM) == 1,
              SSL_CTX_check_private_key(context) == 1 else {
            if TLSContext.lastErrorReason().contains("mismatch") {
                throw .keyDoesNotMatch(certificate: certificate.certificatePath, key: certificate.keyPath)
            }
            throw .invalidKey(certificate.keyPath)
        }
        return made
    }

    /// A client's context that trusts servers as `verification` says.
    public static func client(verification: Verification) throws(SocketError) -> TLSContext {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .tls("TLS set-up", reason: TLSContext.lastErrorReason())
        }
        let made = TLSContext(context: context, role: .client(verification))
        made.harden()
        if case .systemCAs = verification {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw .tls("loading the system certificate authorities", reason: TLSContext.lastErrorReason())
            }
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        return made
    }

    /// The settings both sides share.
    private func harden() {
        _ = letschat_ctx_set_min_proto_version(context, TLS1_2_VERSION)
        _ = letschat_ctx_set_max_proto_version(context, TLS1_3_VERSION)
        _ = letschat_ctx_set_hardening_options(context)
        SSL_CTX_set_cipher_list(context, TLSContext.tls12Ciphers)
        // Idle connections give their 16 KiB record buffers back; most clients are idle most of the time.
        _ = letschat_ctx_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS))
    }

    /// Frees what OpenSSL keeps for the calling thread: its two random generators (OpenSSL 3 seeds
    /// a public and a private DRBG per thread) and its error queue, about 5 KiB a thread.
    ///
    /// A server connection calls it once its handshake is done: its thread then only encrypts and
    /// decrypts, which needs no randomness with AEAD ciphers, so the generators would sit idle for as
    /// long as the client stays. OpenSSL makes them again if the thread ever needs them.
    static func releaseThreadState() {
        OPENSSL_thread_stop()
    }

    /// The text of OpenSSL's newest queued error (the queue is the calling thread's), then clears the queue.
    static func lastErrorReason() -> String {
        defer { ERR_clear_error() }
        guard let reason = letschat_last_error_reason() else { return "unknown TLS error" }
        return String(cString: reason)
    }
}
