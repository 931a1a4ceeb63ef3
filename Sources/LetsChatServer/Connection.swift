import LetsChatCore

/// One accepted connection: decides which kind of client it is, then runs that session on its
/// reader thread; its `Outbound` writes from whichever thread queued, with a writer thread only
/// for a client that falls behind.
enum Connection {
    /// Starts the reader thread for `transport` (a writer thread joins it only if the client falls
    /// behind); `done` runs once everything queued went out, just before the transport is closed,
    /// so a client that sees its connection end finds its slot free.
    static func start(transport: any Transport, peer: String, context: ServerContext, done: @escaping @Sendable () -> Void) {
        let outbound = Outbound(transport: transport, limit: context.configuration.outboundLimit)
        let started = ServerThread.start(name: "lc-reader", stackSize: 512 * 1024) {
            serve(transport: transport, peer: peer, outbound: outbound, context: context)
            close(transport: transport, outbound: outbound, done: done)
        }
        if !started {
            context.log("refused \(peer): no thread could be started for it")
            done()
            transport.close()
        }
    }

    // Not inlined, here and in `close`: the reader thread waits inside `serve` for as long as the
    // client stays, and every byte of the frames above that wait is stack an idle connection keeps.
    // Kept apart, they fit with the thread's descriptor in one page (Resources/doc/performance.md).
    @inline(never)
    private static func serve(transport: any Transport, peer: String, outbound: Outbound, context: ServerContext) {
        let configuration = context.configuration
        let start = ConnectionStart.detect(on: transport, detectMilliseconds: configuration.detectMilliseconds,
                                           lineMilliseconds: Int32(configuration.registrationTimeout * 1000))
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
