import LetsChatServer

/// Opens the client's connection to its server as a `TLSPolicy` says: TLS first (unless `--no-tls`),
/// then plain text on a fresh connection where the policy allows it. Used for the first connection
/// and for every reconnection, so a reconnection is held to the same pin.
///
/// A server with no pin is first asked for a certificate that the system's CAs vouch for, for the
/// host name; only if that check fails is it asked again, on a new connection, for its fingerprint
/// (to pin on first use). A pinned server is asked for its fingerprint straight away. A server that
/// does not speak TLS — one that closes, answers in plain text, or stays silent for
/// `handshakeMilliseconds` (a plain IRC server waits for the client to speak) — offers `.plain`.
struct ServerConnector: Sendable {
    /// What came of connecting.
    enum Outcome {
        /// A connection to register on; `recording` is a `--fingerprint` pin to write to known_hosts.
        case ready(any Transport, encrypted: Bool, recording: Fingerprint?)
        /// The user must be asked about the certificate with this fingerprint first. The connection that
        /// showed it is closed: a LetsChat server would take a client silent that long for a text
        /// client, so trusting connects anew.
        case ask(Fingerprint)
        /// No connection: the policy refused what the server offered (nothing was sent to it).
        case refused(TLSPolicy.Decision)
    }

    /// The server's name or address.
    let host: String
    /// Its port.
    let port: UInt16
    /// How long a server may take to answer a TLS handshake before it counts as one without TLS.
    var handshakeMilliseconds: Int32 = 3000

    /// Connects as `policy` says; throws only when the server cannot be reached at all.
    func connect(policy: TLSPolicy) throws(SocketError) -> Outcome {
        guard policy.triesTLS else {
            return .ready(try PlainTransport.connect(host: host, port: port), encrypted: false, recording: nil)
        }
        let (offer, transport) = try askForTLS(pinned: policy.pin != nil)
        let decision = policy.decide(offer)
        switch decision {
        case .encrypt(let recording):
            if let transport { return .ready(transport, encrypted: true, recording: recording) }
        case .ask(let fingerprint):
            transport?.close()
            return .ask(fingerprint)
        case .fallBackToPlain:
            transport?.close()
            return .ready(try PlainTransport.connect(host: host, port: port), encrypted: false, recording: nil)
        case .refuseChanged, .refusePlain, .refuseWithoutTLS, .refusePasswordInPlainText:
            break
        }
        transport?.close()
        return .refused(decision)
    }

    /// What the server offers when asked for TLS and, when it has TLS, the connection with the handshake done.
    private func askForTLS(pinned: Bool) throws(SocketError) -> (TLSPolicy.Offer, TLSTransport?) {
        if !pinned {
            switch try handshake(.systemCAs(hostName: host)) {
            case .done(let transport, let fingerprint): return (.certificate(fingerprint, verified: true), transport)
            case .notTLS: return (.plain, nil)
            case .unverified: break
            }
        }
        switch try handshake(.pinned) {
        case .done(let transport, let fingerprint): return (.certificate(fingerprint, verified: false), transport)
        case .notTLS, .unverified: return (.plain, nil)
        }
    }

    /// How one handshake ended.
    private enum Handshake {
        /// Encrypted; the server showed a certificate with this fingerprint.
        case done(TLSTransport, Fingerprint)
        /// The server speaks TLS, but no CA in the system's store vouches for its certificate and host name.
        case unverified
        /// The server did not speak TLS.
        case notTLS
    }

    /// Connects anew and runs a handshake that checks the server as `verification` says.
    private func handshake(_ verification: TLSContext.Verification) throws(SocketError) -> Handshake {
        let context = try TLSContext.client(verification: verification)
        let socket = try Socket.connect(host: host, port: port)
        let transport: TLSTransport
        do {
            transport = try TLSTransport(socket, context: context, serverName: host)
        } catch {
            socket.close()
            throw error
        }
        do {
            if try transport.handshake(milliseconds: handshakeMilliseconds),
               let fingerprint = transport.peerFingerprint.flatMap({ Fingerprint($0) }) {
                return .done(transport, fingerprint)
            }
        } catch {
            transport.close()
            // OpenSSL's words for a chain no CA vouches for, or a certificate for another host name.
            return error.reason?.contains("certificate verify failed") == true ? .unverified : .notTLS
        }
        transport.close()
        return .notTLS
    }
}
