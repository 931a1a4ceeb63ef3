import LetsChatCore

/// One accepted connection: decides which kind of client it is, then runs that session on its
/// reader thread; its `Outbound` writes from whichever thread queued, with a writer thread only
/// for a client that falls behind.
enum Connection {
    /// Starts the reader thread for `socket` (a writer thread joins it only if the client falls
    /// behind); `done` runs once everything queued went out, just before the descriptor is closed,
    /// so a client that sees its connection end finds its slot free.
    static func start(socket: Socket, peer: String, context: ServerContext, done: @escaping @Sendable () -> Void) {
        let outbound = Outbound(socket: socket, limit: context.configuration.outboundLimit)
        let started = ServerThread.start(name: "lc-reader", stackSize: 512 * 1024) {
            serve(socket: socket, peer: peer, outbound: outbound, context: context)
            close(socket: socket, outbound: outbound, done: done)
        }
        if !started {
            context.log("refused \(peer): no thread could be started for it")
            done()
            socket.close()
        }
    }

    // Not inlined, here and in `close`: the reader thread waits inside `serve` for as long as the
    // client stays, and every byte of the frames above that wait is stack an idle connection keeps.
    // Kept apart, they fit with the thread's descriptor in one page (Resources/doc/performance.md).
    @inline(never)
    private static func serve(socket: Socket, peer: String, outbound: Outbound, context: ServerContext) {
        // IRC clients speak first; the original client, nc and telnet wait for a prompt.
        if socket.waitReadable(milliseconds: context.configuration.detectMilliseconds) {
            let member = Member(outbound: outbound, host: peer, audience: .irc(serverTime: false, echo: false))
            IRCSession(member: member, socket: socket, context: context).run()
        } else {
            let member = Member(outbound: outbound, host: peer, audience: .text)
            TextSession(member: member, socket: socket, context: context).run()
        }
    }

    @inline(never)
    private static func close(socket: Socket, outbound: Outbound, done: @Sendable () -> Void) {
        outbound.finish()
        // The farewell (ERROR :Closing Link) goes out before the descriptor is released.
        outbound.drainAfterFinish()
        done()
        socket.close()
    }
}
