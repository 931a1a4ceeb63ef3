import Foundation
import LetsChatServer

/// A server on 127.0.0.1 for `ServerConnector`'s tests: with a certificate it answers TLS handshakes,
/// without one it answers in plain text (`greeting`, or silence). It counts connections and keeps
/// the first bytes each sent. Serves one connection at a time on its own thread until `stop()`.
final class HandshakePeer: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    /// The certificate it shows, or nil for plain text.
    let certificate: ServerCertificate?
    // `stop()` only shuts the listener down; the serving thread alone closes it, when accept fails.
    private let listener: Socket
    private let greeting: String?
    /// Guards `firstBytes`.
    private let lock = NSLock()
    private var firstBytes: [[UInt8]] = []

    /// A peer that shows `certificate` over TLS, or (nil) speaks plain text: sends `greeting` at once, if any.
    init(certificate: ServerCertificate?, greeting: String? = nil) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: 0)
        port = listener.localPort
        self.certificate = certificate
        self.greeting = greeting
        let context = try certificate.map { try TLSContext.server(certificate: $0) }
        let thread = Thread { [self] in serve(context) }
        thread.name = "handshake-peer"
        thread.start()
    }

    /// A self-signed P-256 certificate made in `folder` under `name`.
    static func certificate(in folder: String, name: String) throws -> ServerCertificate {
        try ServerCertificate.loadOrCreate(certificatePath: "\(folder)/\(name)-cert.pem", keyPath: "\(folder)/\(name)-key.pem",
                                           commonName: "letschat test")
    }

    /// The first bytes of each connection so far (empty for one that sent nothing), in order.
    var connections: [[UInt8]] {
        lock.withLock { firstBytes }
    }

    /// Stops listening.
    func stop() {
        listener.shutdown()
    }

    private func serve(_ context: TLSContext?) {
        while let (client, _) = try? listener.accept() {
            var first = [UInt8](repeating: 0, count: 1)
            let peeked = client.waitReadable(milliseconds: 1000) ? recv(client.fd, &first, 1, Int32(MSG_PEEK)) : 0
            lock.withLock { firstBytes.append(peeked == 1 ? first : []) }
            if let context, let transport = try? TLSTransport(client, context: context) {
                // A handshake that the client abandons (its CA check failed) just ends here.
                if (try? transport.handshake(milliseconds: 2000)) == true { drain(transport) }
                transport.close()
                continue
            }
            if let greeting { _ = try? client.sendAll(greeting) }
            drain(PlainTransport(client))
            client.close()
        }
        listener.close()
    }

    /// Reads until the client leaves (at most 5 s of silence).
    private func drain(_ transport: any Transport) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while transport.waitReadable(milliseconds: 5000) {
            let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try transport.receive(into: raw) }) ?? 0
            if count <= 0 { return }
        }
    }
}
