import Foundation
import LetsChatServer

/// A TLS front for an in-process plain server: accepts TLS on 127.0.0.1 with a given certificate
/// and relays each connection's bytes to and from the server at `backendPort`, as a TLS-terminating
/// proxy would. Lets a test restart "the server" with another certificate on the same port while the
/// room behind stays. Two threads per connection; `stop()` ends them all.
final class TLSFront: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    /// The certificate it shows.
    let certificate: ServerCertificate
    // `stop()` only shuts the listener down; the accept thread alone closes it, when accept fails.
    private let listener: Socket
    private let backendPort: UInt16
    private let context: TLSContext
    /// Guards `open`.
    private let lock = NSLock()
    /// Every connection's two transports, so `stop()` can cut them.
    private var open: [any Transport] = []
    /// Signalled when the accept thread has closed the listener, so the port can be bound again.
    private let closed = DispatchSemaphore(value: 0)

    /// Listens on `port` (0: any free one) with `certificate`, relaying to 127.0.0.1 `backendPort`.
    init(certificate: ServerCertificate, backendPort: UInt16, port: UInt16 = 0) throws {
        listener = try Socket.listen(host: "127.0.0.1", port: port)
        self.port = listener.localPort
        self.certificate = certificate
        self.backendPort = backendPort
        context = try TLSContext.server(certificate: certificate)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "tls-front"
        thread.start()
    }

    /// Stops listening (waiting up to 5 s until the port is free again) and cuts every relayed connection.
    func stop() {
        listener.shutdown()
        for transport in lock.withLock({ open }) { transport.shutdown() }
        if closed.wait(timeout: .now() + 5) == .success { closed.signal() }
    }

    private func acceptLoop() {
        while let (client, _) = try? listener.accept() {
            guard let front = try? TLSTransport(client, context: context) else {
                client.close()
                continue
            }
            guard let back = try? PlainTransport.connect(host: "127.0.0.1", port: backendPort) else {
                front.close()
                continue
            }
            lock.withLock { open += [front, back] }
            let done = DispatchGroup()
            for (from, to) in [(front as any Transport, back as any Transport), (back, front)] {
                done.enter()
                let thread = Thread {
                    TLSFront.pump(from: from, to: to)
                    done.leave()
                }
                thread.name = "tls-front-pump"
                thread.start()
            }
            done.notify(queue: .global()) { [self] in
                lock.withLock { open.removeAll { $0 === front || $0 === back } }
                front.close()
                back.close()
            }
        }
        listener.close()
        closed.signal()
    }

    /// Copies `from` into `to` until either side ends, then shuts both down.
    private static func pump(from: any Transport, to: any Transport) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try from.receive(into: raw) }) ?? 0
            guard count > 0, (try? to.sendAll(Array(buffer[0..<count]))) != nil else { break }
        }
        from.shutdown()
        to.shutdown()
    }
}
