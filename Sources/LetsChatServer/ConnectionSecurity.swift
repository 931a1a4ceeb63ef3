import LetsChatCore

/// Decides, on a new connection's own thread, whether it speaks TLS or plain text, and runs the TLS
/// handshake (Resources/doc/wire.md, "TLS on the same port").
///
/// A TLS client speaks first, with a handshake record (first byte 0x16; `FirstBytes`). The bytes are
/// peeked, not read, so a plain client's first line is still there for `ConnectionStart`, and a TLS
/// client's ClientHello for OpenSSL. The handshake shares the registration timeout: a client that
/// sends a ClientHello and then nothing is dropped when it runs out.
enum ConnectionSecurity {
    /// How a connection opened.
    enum Opening {
        /// Plain text; `silent` when the client said nothing within the detection time (the text
        /// clients that wait for the `NICK` prompt), so detection need not wait again.
        case plain(silent: Bool)
        /// TLS, the handshake done.
        case tls(TLSTransport)
        /// Refused (the log says why); only the socket is left to close.
        case refused
    }

    /// What an IRC client connecting in plain text to a server with `--require-tls` reads.
    static let requireTLSForIRC = "This server requires TLS; connect with letschat, irssi -tls or openssl s_client"

    /// Looks at the first bytes of `socket` (already wrapped in `plain`) and opens TLS on it when
    /// they are a ClientHello and the server has a certificate.
    static func open(socket: Socket, plain: any Transport, peer: String, context: ServerContext) -> Opening {
        guard let tls = context.tls else { return .plain(silent: false) }
        let configuration = context.configuration
        let deadline = MonotonicClock.now() + configuration.registrationTimeout
        guard plain.waitReadable(milliseconds: configuration.detectMilliseconds) else { return .plain(silent: true) }
        var verdict = FirstBytes.needMore
        var count = 0
        while verdict == .needMore {
            // Gone already: the plain session sees the end and cleans up as for any client.
            guard let bytes = socket.peek(upTo: FirstBytes.decidingCount) else { return .plain(silent: false) }
            verdict = FirstBytes.classify(bytes)
            count = bytes.count
            if verdict == .needMore {
                guard MonotonicClock.now() < deadline else {
                    context.log("refused \(peer): \(count) bytes of a TLS record header, then nothing until the registration timeout")
                    return .refused
                }
                // The peeked bytes keep the socket readable, so poll cannot wait for the next ones.
                MonotonicClock.sleep(0.02)
            }
        }
        switch verdict {
        case .tls:
            return handshake(socket: socket, context: tls, peer: peer, deadline: deadline, log: context.log)
        case .notTLS(let reason):
            context.log("refused \(peer): it began like TLS, but \(reason)")
            try? plain.sendAll(FirstBytes.decodeErrorAlert)
            plain.shutdownWriting()
            return .refused
        case .plain, .needMore:
            return .plain(silent: false)
        }
    }

    /// Runs the server's side of the handshake on `socket` until `deadline`.
    private static func handshake(socket: Socket, context: TLSContext, peer: String, deadline: Double,
                                  log: (String) -> Void) -> Opening {
        do throws(SocketError) {
            let transport = try TLSTransport(socket, context: context)
            let milliseconds = max(0, (deadline - MonotonicClock.now()) * 1000)
            guard try transport.handshake(milliseconds: Int32(min(milliseconds, Double(Int32.max)))) else {
                log("refused \(peer): the TLS handshake did not finish within the registration timeout")
                return .refused
            }
            TLSContext.releaseThreadState()
            return .tls(transport)
        } catch {
            log("refused \(peer): \(error)")
            return .refused
        }
    }

    /// Turns away a plain-text client of a server that requires TLS, with one line in its own terms.
    static func refusePlainText(_ start: ConnectionStart, outbound: Outbound, peer: String, context: ServerContext) {
        context.log("refused \(peer): plain text, and this server requires TLS")
        switch start {
        case .irc:
            var error = IRCLine(command: "ERROR")
            error.trailing(requireTLSForIRC)
            outbound.send(error.wire)
        case .textWithNickname, .silent:
            outbound.send(Array("-- This server requires TLS. Connect with letschat, or use \(openSSLCommand(context)) in place of nc.\n".utf8))
        }
    }

    /// What to type in place of `nc` to reach this server over TLS.
    static func openSSLCommand(_ context: ServerContext) -> String {
        "openssl s_client -quiet -connect \(context.serverName):\(context.configuration.port)"
    }

    /// Why a room password sent in plain text is refused, and what to use instead.
    static func plaintextPasswordAdvice(_ context: ServerContext) -> String {
        "This room's password must not cross the network in clear text; connect with TLS: letschat, irssi -tls, or "
            + openSSLCommand(context)
    }
}
