import Foundation
import LetsChatCore

/// One accepted connection: decides which kind of client it is, then runs that session on
/// this (reader) thread while a second thread writes its outbound queue.
enum Connection {
    /// Starts the reader and writer threads for `socket`; `done` runs after both have finished,
    /// just before the descriptor is closed, so a client that sees its connection end finds its slot free.
    static func start(socket: Socket, peer: String, context: ServerContext, done: @escaping @Sendable () -> Void) {
        let outbound = Outbound(socket: socket, limit: context.configuration.outboundLimit)
        let finished = DispatchGroup()
        finished.enter()
        let reader = Thread {
            serve(socket: socket, peer: peer, outbound: outbound, context: context)
            outbound.finish()
            finished.leave()
        }
        reader.name = "letschat-reader \(peer)"
        reader.stackSize = 512 * 1024
        // The writer outlives the reader: it flushes the farewell, then releases the descriptor.
        let writer = Thread {
            outbound.run()
            finished.wait()
            done()
            socket.close()
        }
        writer.name = "letschat-writer \(peer)"
        writer.stackSize = 128 * 1024
        writer.start()
        reader.start()
    }

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
}
