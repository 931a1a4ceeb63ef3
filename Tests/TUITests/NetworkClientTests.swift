import Foundation
import LetsChatCore
import LetsChatServer
import Testing
@testable import TUI

/// The network thread against a server that registers the client and then falls silent, as a
/// half-open connection does (the peer vanished without a FIN).
@Suite struct NetworkClientTests {
    @Test func aServerThatStopsAnsweringIsDetectedByPingAndReported() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let heardPing = SilentPeer.start(on: listener)
        let wake = WakePipe()
        let client = NetworkClient(host: "127.0.0.1", port: listener.localPort, channel: "#letschat", password: nil,
                                   uiWake: wake, idlePing: 0.3, pingTimeout: 0.3)
        client.start(with: try PlainTransport.connect(host: "127.0.0.1", port: listener.localPort))
        client.register(nick: "alice")
        defer { client.stop(reason: "test over", waitingUpTo: 1) }

        var events: [NetworkEvent] = []
        let deadline = MonotonicClock.now() + 10
        while MonotonicClock.now() < deadline, !events.contains(where: { if case .disconnected = $0 { true } else { false } }) {
            var entry = pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, 100)
            wake.drain()
            events += client.takeEvents()
        }
        let registered = events.contains { if case .received(let message) = $0 { message.command == "001" } else { false } }
        #expect(registered)
        let reason = events.compactMap { if case .disconnected(let reason) = $0 { reason } else { nil } }.first
        #expect(reason?.contains("ping timeout") == true, "\(events)")
        #expect(heardPing.wait(timeout: .now() + 1) == .success, "the client never sent a PING")
    }
}

/// Accepts one client, welcomes it after NICK and then answers nothing; signals when it hears PING.
private enum SilentPeer {
    static func start(on listener: Socket) -> DispatchSemaphore {
        let heardPing = DispatchSemaphore(value: 0)
        let thread = Thread {
            guard let (peer, _) = try? listener.accept() else { return }
            defer { peer.close() }
            var framer = LineFramer(maxLineBytes: 4096)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while peer.waitReadable(milliseconds: 5000) {
                let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try peer.receive(into: raw) }) ?? 0
                guard count > 0 else { return }
                framer.append(buffer[0..<count])
                while case .line(let bytes)? = framer.next() {
                    let line = String(decoding: bytes, as: UTF8.self)
                    if line.hasPrefix("NICK ") { _ = try? peer.sendAll(":silent 001 alice :Welcome\r\n") }
                    if line.hasPrefix("PING") { heardPing.signal() }
                }
            }
        }
        thread.start()
        return heardPing
    }
}
