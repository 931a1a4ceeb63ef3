import Foundation
import LetsChatCore
import LetsChatServer

/// A fake IRC server on 127.0.0.1 that answers every NICK with 432 (erroneous nickname), so a
/// client can never register. Serves one connection at a time on its own thread until `stop()`.
final class RefusingServer: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    // `stop()` only shuts the listener down; the serving thread alone closes it, when accept fails.
    private let listener: Socket

    init() throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = listener.localPort
        let thread = Thread { [self] in serve() }
        thread.name = "refusing-server"
        thread.start()
    }

    /// Stops listening; the connection being served ends when its client leaves.
    func stop() {
        listener.shutdown()
    }

    private func serve() {
        while let (client, _) = try? listener.accept() {
            var framer = LineFramer(maxLineBytes: 4096)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while client.waitReadable(milliseconds: 10_000) {
                let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in
                    try client.receive(into: raw)
                }) ?? 0
                guard count > 0 else { break }
                framer.append(buffer[0..<count])
                while let item = framer.next() {
                    guard case .line(let bytes) = item,
                          let message = try? IRCMessage(parsing: String(decoding: bytes, as: UTF8.self)),
                          message.command == "NICK", let nick = message.params.first else { continue }
                    _ = try? client.sendAll(":fake 432 * \(nick) :Erroneous nickname\r\n")
                }
            }
            client.close()
        }
        listener.close()
    }
}
