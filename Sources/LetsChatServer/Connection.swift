import LetsChatCore

/// One accepted connection: decides which kind of client it is, then runs that session on its
/// reader thread; its `Outbound` writes from whichever thread queued, with a writer thread only
/// for a client that falls behind.
enum Connection {
    /// Starts the reader thread for the accepted `socket`, wrapped in `plain`: it settles TLS or
    /// plain text (`ConnectionSecurity`), then serves the client (a writer thread joins it only if the
    /// client falls behind); `done` runs once everything queued went out, just before the transport is
    /// closed, so a client that sees its connection end finds its slot free.
    static func start(socket: Socket, plain: any Transport, peer: String, context: ServerContext,
                      done: @escaping @Sendable () -> Void) {
        let started = ServerThread.start(name: "lc-reader", stackSize: 512 * 1024) {
            guard let (transport, silent) = open(socket: socket, plain: plain, peer: peer, context: context) else {
                done()
                plain.close()
                return
            }
            let outbound = Outbound(transport: transport, limit: context.configuration.outboundLimit)
            serve(transport: transport, silent: silent, peer: peer, outbound: outbound, context: context)
            close(transport: transport, outbound: outbound, done: done)
        }
        if !started {
            context.log("refused \(peer): no thread could be started for it")
            done()
            plain.close()
        }
    }

    /// The connection's transport (TLS with the handshake done, or `plain`) and whether the client
    /// was silent; nil when it was refused.
    @inline(never)
    private static func open(socket: Socket, plain: any Transport, peer: String,
                             context: ServerContext) -> (any Transport, Bool)? {
        switch ConnectionSecurity.open(socket: socket, plain: plain, peer: peer, context: context) {
        case .plain(let silent): (plain, silent)
        case .tls(let transport): (transport, false)
        case .refused: nil
        }
    }

    // Not inlined, here and in `close`: the reader thread waits inside `serve` for as long as the
    // client stays, and every byte of the frames above that wait is stack an idle connection keeps.
    // Kept apart, they fit with the thread's descriptor in one page (Resources/doc/performance.md).
    @inline(never)
    private static func serve(transport: any Transport, silent: Bool, peer: String, outbound: Outbound,
                              context: ServerContext) {
        let configuration = context.configuration
        let start = silent ? .silent
            : ConnectionStart.detect(on: transport, detectMilliseconds: configuration.detectMilliseconds,
                                     lineMilliseconds: Int32(configuration.registrationTimeout * 1000))
        if configuration.requireTLS && !(transport is TLSTransport) {
            ConnectionSecurity.refusePlainText(start, outbound: outbound, peer: peer, context: context)
            return
        }
        switch start {
        case .irc(let buffered):
            let member = Member(outbound: outbound, host: peer, audience: .irc(serverTime: false, echo: false, messageTags: false))
            IRCSession(member: member, transport: transport, buffered: buffered, context: context).run()
        case .textWithNickname(let nickname, let buffered):
            let member = Member(outbound: outbound, host: peer, audience: .text)
            TextSession(member: member, transport: transport, nicknameLine: nickname, buffered: buffered, context: context).run()
        case .silent:
            let member = Member(outbound: outbound, host: peer, audience: .text)
            TextSession(member: member, transport: transport, context: context).run()
        }
    }

    @inline(never)
    private static func close(transport: any Transport, outbound: Outbound, done: @Sendable () -> Void) {
        outbound.finish()
        // The farewell (ERROR :Closing Link) goes out before the transport is released.
        outbound.drainAfterFinish()
        done()
        transport.close()
    }
}
