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

        let events = client.events(waking: wake) { $0.contains { if case .disconnected = $0 { true } else { false } } }
        let registered = events.contains { if case .received(let message) = $0 { message.command == "001" } else { false } }
        #expect(registered)
        let reason = events.compactMap { if case .disconnected(let reason) = $0 { reason } else { nil } }.first
        #expect(reason?.contains("ping timeout") == true, "\(events)")
        #expect(heardPing.wait(timeout: .now() + 1) == .success, "the client never sent a PING")
    }
}

/// The network thread's paced sending against a server that advertises its line rate.
@Suite struct NetworkClientPacingTests {
    /// Runs a client against a `PacedPeer` advertising `lineRate`; returns the client, the peer and the wake pipe.
    private func start(lineRate: String) throws -> (NetworkClient, PacedPeer, WakePipe, Socket) {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        let peer = PacedPeer.start(on: listener, lineRate: lineRate)
        let wake = WakePipe()
        let client = NetworkClient(host: "127.0.0.1", port: listener.localPort, channel: "#letschat", password: nil,
                                   uiWake: wake)
        client.start(with: try PlainTransport.connect(host: "127.0.0.1", port: listener.localPort))
        client.register(nick: "alice")
        return (client, peer, wake, listener)
    }

    private func progress(_ events: [NetworkEvent]) -> [(sent: Int, total: Int)] {
        events.compactMap { if case .sending(let sent, let total) = $0 { (sent, total) } else { nil } }
    }

    @Test func queuedLinesAllGoInOrderAndTheUIHearsWhenTheBatchIsDone() throws {
        let (client, peer, wake, listener) = try start(lineRate: "8,20")
        defer { listener.close() }
        defer { client.stop(reason: "test over", waitingUpTo: 1) }
        _ = client.events(waking: wake) { $0.contains { if case .received(let m) = $0 { m.command == "005" } else { false } } }
        let lines = (1...12).map { "PRIVMSG #letschat :line \($0)" }
        client.send(lines)
        let seen = client.events(waking: wake) { progress($0).last.map { $0.sent == $0.total } ?? false }
        let reports = progress(seen)
        #expect(reports.count >= 2, "the batch had to wait, so the UI should have seen it counting: \(reports)")
        #expect(reports.last.map { $0.sent == 12 && $0.total == 12 } == true, "\(reports)")
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.sent <= $1.sent })
        #expect(peer.waitForMessages(count: lines.count) == lines)
    }

    @Test func aTypingNoticeGoesAheadOfAPasteAndIsNotCountedInItsProgress() throws {
        let (client, peer, wake, listener) = try start(lineRate: "2,10")
        defer { listener.close() }
        defer { client.stop(reason: "test over", waitingUpTo: 1) }
        _ = client.events(waking: wake) { events in
            events.contains { if case .received(let m) = $0 { m.command == "005" } else { false } }
        }
        let lines = (1...30).map { "PRIVMSG #letschat :line \($0)" }
        client.send(lines)
        _ = client.events(waking: wake) { !progress($0).isEmpty }
        client.sendTyping("@+typing=paused TAGMSG #letschat")
        client.sendTyping("@+typing=active TAGMSG #letschat")
        let seen = client.events(waking: wake) { progress($0).last.map { $0.sent == $0.total } ?? false }
        #expect(progress(seen).allSatisfy { $0.total == 30 }, "\(progress(seen))")
        let received = peer.waitForMessages(count: 31)
        #expect(received.filter { $0.contains("TAGMSG") } == ["@+typing=active TAGMSG #letschat"],
                "only the newest notice is worth sending")
        let typingAt = try #require(received.firstIndex(of: "@+typing=active TAGMSG #letschat"))
        #expect(typingAt < received.count - 1, "the notice waited behind the paste: \(received)")
        #expect(received.filter { !$0.contains("TAGMSG") } == lines)
    }

    @Test func cancellingDropsWhatHasNotGoneAndSaysHowMuch() throws {
        let (client, peer, wake, listener) = try start(lineRate: "1,1")
        defer { listener.close() }
        defer { client.stop(reason: "test over", waitingUpTo: 1) }
        _ = client.events(waking: wake) { $0.contains { if case .received(let m) = $0 { m.command == "005" } else { false } } }
        client.send((1...50).map { "PRIVMSG #letschat :line \($0)" })
        _ = client.events(waking: wake) { !progress($0).isEmpty }
        client.cancelQueued()
        let seen = client.events(waking: wake) { events in
            events.contains { if case .sendCancelled = $0 { true } else { false } }
                && progress(events).last.map { $0.sent == $0.total } ?? false
        }
        let unsent = seen.compactMap { if case .sendCancelled(let unsent) = $0 { unsent } else { nil } }.first
        let sent = progress(seen).last?.sent ?? -1
        #expect(unsent.map { $0 > 0 && $0 + sent == 50 } == true, "unsent \(String(describing: unsent)), sent \(sent)")
        #expect(peer.waitForMessages(count: sent).count == sent)
    }
}

private extension NetworkClient {
    /// The events this client posts until `done` holds or 10 s pass, woken by `wake` as the UI thread is.
    func events(waking wake: WakePipe, until done: ([NetworkEvent]) -> Bool) -> [NetworkEvent] {
        var events: [NetworkEvent] = []
        let deadline = MonotonicClock.now() + 10
        while MonotonicClock.now() < deadline, !done(events) {
            var entry = pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, 100)
            wake.drain()
            events += takeEvents()
        }
        return events
    }
}

/// Accepts one client, welcomes it after NICK with a 005 carrying `LINERATE`, and keeps its PRIVMSG and TAGMSG lines
/// (`@unchecked Sendable`: `messages` is only touched under `lock`).
private final class PacedPeer: @unchecked Sendable {
    /// Guards `messages`.
    private let lock = NSLock()
    private var messages: [String] = []

    static func start(on listener: Socket, lineRate: String) -> PacedPeer {
        let peer = PacedPeer()
        let thread = Thread {
            guard let (socket, _) = try? listener.accept() else { return }
            defer { socket.close() }
            var framer = LineFramer(maxLineBytes: 4096)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while socket.waitReadable(milliseconds: 10_000) {
                let count = (try? buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try socket.receive(into: raw) }) ?? 0
                guard count > 0 else { return }
                framer.append(buffer[0..<count])
                while case .line(let bytes)? = framer.next() {
                    let line = String(decoding: bytes, as: UTF8.self)
                    if line.hasPrefix("NICK ") {
                        _ = try? socket.sendAll(":peer 001 alice :Welcome\r\n"
                                                + ":peer 005 alice LINERATE=\(lineRate) :are supported by this server\r\n")
                    }
                    if line.hasPrefix("PRIVMSG ") || line.contains(" TAGMSG ") {
                        peer.lock.withLock { peer.messages.append(line) }
                    }
                }
            }
        }
        thread.start()
        return peer
    }

    /// The PRIVMSG and TAGMSG lines received, once there are `count` of them or 10 s have passed.
    func waitForMessages(count: Int) -> [String] {
        let deadline = MonotonicClock.now() + 10
        while MonotonicClock.now() < deadline, lock.withLock({ messages.count }) < count { usleep(10_000) }
        return lock.withLock { messages }
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
