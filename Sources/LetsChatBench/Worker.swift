#if canImport(Glibc)
import Glibc
#endif

/// One generator thread: an epoll loop over its share of the clients, driven by the coordinator's phase.
///
/// A worker is handed to its thread at start and touched by no other until that thread has ended;
/// the main thread reads `result` only after joining it. That is why `@unchecked Sendable` is safe.
final class Worker: @unchecked Sendable {
    /// What the worker measured.
    private(set) var result = WorkerResult()

    private let settings: BenchSettings
    private let coordinator: Coordinator
    private let address: BenchSocket.Address
    private let clients: [BenchClient]
    private let senders: [BenchClient]
    private let poller: Int32
    private let quota: Int
    private let interval: Int64
    private let channelBytes: [UInt8]
    private var events = BenchSocket.EventBuffer()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
    private var nextToOpen = 0
    private var inFlight = 0
    private var seenPhase = Coordinator.Phase.connecting
    private var seenRound = 0
    private var uncountedDeliveries = 0

    /// A worker for the clients whose index leaves `number` when divided by `count`.
    init(number: Int, count: Int, settings: BenchSettings, coordinator: Coordinator, address: BenchSocket.Address) {
        self.settings = settings
        self.coordinator = coordinator
        self.address = address
        var senderOf: [Int: Int] = [:]
        for sender in 0..<settings.senderCount { senderOf[settings.senderIndex(sender)] = sender }
        clients = stride(from: number, to: settings.clients, by: count).enumerated().map { token, index in
            BenchClient(index: index, token: token, senderNumber: senderOf[index])
        }
        senders = clients.filter { $0.senderNumber != nil }
        poller = BenchSocket.makePoller()
        quota = max(1, (settings.connectAtOnce + count - 1) / count)
        interval = settings.rate > 0 ? Int64(1e9 / settings.rate) : 0
        channelBytes = Array(settings.channel.utf8)
        result.latencies.reserveCapacity(settings.expectedDeliveries / count + 16)
    }

    /// Frees the receive buffer.
    deinit {
        buffer.deallocate()
    }

    /// The thread's body: runs phases until the coordinator says done, then closes every socket.
    func run() {
        while true {
            let phase = coordinator.phase
            if phase == .done { break }
            if phase != seenPhase || (phase == .barrier && coordinator.barrierRound.load(ordering: .acquiring) != seenRound) {
                enter(phase)
            }
            if phase == .connecting { openConnections() }
            let now = BenchSocket.now()
            if phase == .traffic { sendDue(now: now) }
            BenchSocket.wait(poller, &events, milliseconds: waitMilliseconds(phase: phase, now: now)) { ready in
                handle(ready)
            }
            if uncountedDeliveries > 0 {
                coordinator.deliveries.add(uncountedDeliveries, ordering: .relaxed)
                uncountedDeliveries = 0
            }
        }
        for client in clients where client.fd >= 0 { close(client) }
        BenchSocket.close(poller)
    }

    private func enter(_ phase: Coordinator.Phase) {
        seenPhase = phase
        switch phase {
        case .barrier:
            seenRound = coordinator.barrierRound.load(ordering: .acquiring)
            for client in clients where client.state == .joined {
                client.queue("PING :LCB\(seenRound)")
                flush(client)
            }
        case .traffic:
            let start = coordinator.trafficStart.load(ordering: .acquiring)
            let count = Int64(max(settings.senderCount, 1))
            for client in senders {
                // Senders start staggered over one interval so they do not all send at the same instant.
                client.nextDue = start + interval * Int64(client.senderNumber ?? 0) / count
                if settings.messages == 0 { coordinator.sendersDone.add(1, ordering: .relaxed) }
            }
        case .connecting, .hold, .done:
            break
        }
    }

    private func waitMilliseconds(phase: Coordinator.Phase, now: Int64) -> Int32 {
        guard phase == .traffic, interval > 0 else { return 5 }
        var earliest = Int64.max
        for client in senders where client.sent < settings.messages && client.state == .joined {
            earliest = min(earliest, client.nextDue)
        }
        guard earliest != .max else { return 5 }
        return Int32(clamping: min(max((earliest - now + 999_999) / 1_000_000, 0), 5))
    }

    // MARK: Connecting

    private func openConnections() {
        while inFlight < quota && nextToOpen < clients.count {
            let client = clients[nextToOpen]
            let token = nextToOpen
            nextToOpen += 1
            result.firstConnect = min(result.firstConnect, BenchSocket.now())
            do {
                client.fd = try BenchSocket.startConnect(to: address)
            } catch {
                client.state = .failed
                note(failure: "\(error)")
                coordinator.failed.add(1, ordering: .relaxed)
                continue
            }
            client.state = .connecting
            inFlight += 1
            BenchSocket.watch(poller, client.fd, token: token, writable: true, add: true)
            client.watchingWritable = true
        }
    }

    private func connected(_ client: BenchClient) {
        let code = BenchSocket.connectError(client.fd)
        guard code == 0 else {
            fail(client, "connect: \(String(cString: strerror(code)))")
            return
        }
        client.state = .registering
        if settings.tls {
            client.tls = BenchTLS.connection(over: client.fd)
            if client.tls == nil {
                fail(client, "TLS connection could not be made")
                return
            }
        }
        let nick = "\(settings.nickPrefix)\(client.index)"
        client.queue("NICK \(nick)")
        client.queue("USER \(nick) 0 * :LetsChat bench")
        flush(client)
    }

    private func fail(_ client: BenchClient, _ reason: String) {
        guard client.state != .failed else { return }
        if client.state == .connecting || client.state == .registering { inFlight -= 1 }
        if client.state == .joined { coordinator.dropped.add(1, ordering: .relaxed) }
        if client.senderNumber != nil && client.sent < settings.messages && seenPhase == .traffic {
            coordinator.sendersDone.add(1, ordering: .relaxed)
        }
        client.state = .failed
        close(client)
        note(failure: reason)
        coordinator.failed.add(1, ordering: .relaxed)
    }

    private func close(_ client: BenchClient) {
        if let tls = client.tls { BenchTLS.free(tls) }
        client.tls = nil
        BenchSocket.close(client.fd)
        client.fd = -1
    }

    private func note(failure reason: String) {
        result.failures[reason, default: 0] += 1
    }

    // MARK: Events

    private func handle(_ ready: BenchSocket.Ready) {
        let client = clients[ready.token]
        if client.state == .connecting {
            if ready.writable || ready.failed { connected(client) }
            return
        }
        if ready.readable || ready.failed {
            receive(client)
            // A TLS write that waited for the handshake can go on now that the server was read.
            if client.tlsWaitsToRead && client.state != .failed { flush(client) }
        }
        if ready.writable && client.state != .failed {
            flush(client)
            if !client.hasUnsent && seenPhase == .traffic && settings.rate == 0 { fill(client, now: BenchSocket.now()) }
        }
    }

    private func receive(_ client: BenchClient) {
        // A few reads per wake-up, so one busy socket does not starve the others (epoll reports it again).
        for _ in 0..<4 {
            guard client.state != .failed else { return }
            let count = client.tls.map { BenchTLS.receive($0, into: buffer) } ?? BenchSocket.receive(client.fd, into: buffer)
            if count == -1 { return }
            if count == 0 {
                fail(client, "closed by the server")
                return
            }
            if count < 0 {
                fail(client, "recv failed")
                return
            }
            result.bytesReceived += count
            let time = BenchSocket.now()
            consume(client, UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count), at: time)
            // A short read emptied the socket; a TLS read stops at the end of a record whatever follows.
            if count < buffer.count && client.tls == nil { return }
        }
    }

    private func consume(_ client: BenchClient, _ bytes: UnsafeBufferPointer<UInt8>, at time: Int64) {
        let base = bytes.baseAddress!
        let count = bytes.count
        var start = 0
        if !client.carry.isEmpty {
            guard let newline = memchr(base, 0x0A, count) else {
                client.carry.append(contentsOf: bytes)
                if client.carry.count > 1 << 20 { fail(client, "a line longer than 1 MiB") }
                return
            }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            client.carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<end]))
            let line = client.carry
            client.carry.removeAll(keepingCapacity: true)
            line.withUnsafeBufferPointer { handleLine(client, $0, at: time) }
            start = end + 1
        }
        while start < count, let newline = memchr(base + start, 0x0A, count - start) {
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            handleLine(client, UnsafeBufferPointer(rebasing: bytes[start..<end]), at: time)
            start = end + 1
        }
        if start < count { client.carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count])) }
    }

    private func handleLine(_ client: BenchClient, _ raw: UnsafeBufferPointer<UInt8>, at time: Int64) {
        let line = raw.last == 0x0D ? UnsafeBufferPointer(rebasing: raw.dropLast()) : raw
        result.linesReceived += 1
        switch BenchLine.parse(line) {
        case .delivery(_, let sentAt):
            result.deliveries += 1
            uncountedDeliveries += 1
            let latency = time - sentAt
            result.latencies.append(latency)
            if client.senderNumber != nil { result.senderLatencies.append(latency) }
            result.lastReceive = max(result.lastReceive, time)
        case .welcome:
            guard !client.registered else { return }
            client.registered = true
            result.lastRegistered = max(result.lastRegistered, time)
            coordinator.registered.add(1, ordering: .relaxed)
        case .endOfMOTD:
            guard settings.join, !client.joinSent else { return }
            client.joinSent = true
            client.queue("JOIN \(settings.channel)")
            flush(client)
        case .endOfNames:
            guard client.state == .registering else { return }
            client.state = .joined
            inFlight -= 1
            result.lastJoined = max(result.lastJoined, time)
            coordinator.joined.add(1, ordering: .relaxed)
        case .pong(let round):
            guard round > client.answeredRound else { return }
            client.answeredRound = round
            if round == seenRound { coordinator.answered.add(1, ordering: .relaxed) }
        case .ping(let token):
            client.outbox.append(contentsOf: Array("PONG :".utf8))
            client.outbox.append(contentsOf: UnsafeBufferPointer(rebasing: line[token]))
            client.outbox.append(contentsOf: [0x0D, 0x0A])
            flush(client)
        case .nickRefused:
            fail(client, "nickname refused: \(String(decoding: line, as: UTF8.self).prefix(120))")
        case .error:
            note(failure: "server said: \(String(decoding: line, as: UTF8.self).prefix(120))")
        case .other:
            break
        }
    }

    // MARK: Sending

    private func sendDue(now: Int64) {
        for client in senders where client.state == .joined && client.sent < settings.messages {
            if interval == 0 {
                if !client.hasUnsent { fill(client, now: now) }
            } else if client.nextDue <= now {
                while client.sent < settings.messages && client.nextDue <= now {
                    appendMessage(client, now: now)
                    client.nextDue += interval
                }
                flush(client)
            }
        }
    }

    /// Sends as fast as the socket takes: writes chunks until it is full or every message is out.
    private func fill(_ client: BenchClient, now: Int64) {
        while client.state == .joined && client.sent < settings.messages && !client.hasUnsent {
            let time = BenchSocket.now()
            while client.sent < settings.messages && client.outbox.count < 16 * 1024 {
                appendMessage(client, now: time)
            }
            flush(client)
        }
    }

    private func appendMessage(_ client: BenchClient, now: Int64) {
        result.firstSend = min(result.firstSend, now)
        result.lastSend = max(result.lastSend, now)
        client.outbox.append(contentsOf: BenchWire.privmsg)
        client.outbox.append(contentsOf: channelBytes)
        client.outbox.append(contentsOf: BenchWire.textStart)
        appendDecimal(Int64(client.senderNumber ?? 0), to: &client.outbox)
        client.outbox.append(0x20)
        appendDecimal(Int64(client.sent), to: &client.outbox)
        client.outbox.append(0x20)
        appendDecimal(now, to: &client.outbox)
        if settings.padding > 0 {
            client.outbox.append(0x20)
            client.outbox.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: settings.padding))
        }
        client.outbox.append(contentsOf: [0x0D, 0x0A])
        client.sent += 1
        if client.sent == settings.messages { coordinator.sendersDone.add(1, ordering: .relaxed) }
    }

    private func flush(_ client: BenchClient) {
        guard client.state != .failed else { return }
        client.tlsWaitsToRead = false
        while client.hasUnsent {
            let written = client.outbox.withUnsafeBytes { outbox in
                let rest = UnsafeRawBufferPointer(rebasing: outbox[client.outboxStart...])
                return client.tls.map { BenchTLS.send($0, rest) } ?? BenchSocket.send(client.fd, rest)
            }
            if written == -2 {
                client.tlsWaitsToRead = true
                break
            }
            if written < 0 {
                fail(client, "send failed")
                return
            }
            if written == 0 { break }
            client.outboxStart += written
        }
        if !client.hasUnsent {
            client.outbox.removeAll(keepingCapacity: true)
            client.outboxStart = 0
        }
        let wantsWritable = client.hasUnsent && !client.tlsWaitsToRead
        if wantsWritable != client.watchingWritable {
            BenchSocket.watch(poller, client.fd, token: client.token, writable: wantsWritable, add: false)
            client.watchingWritable = wantsWritable
        }
    }
}

/// Fixed bytes of the messages the generator sends.
enum BenchWire {
    /// `PRIVMSG `, before the channel's name.
    static let privmsg: [UInt8] = Array("PRIVMSG ".utf8)
    /// ` :LCB `, after the channel's name and before the sender, message number and send time.
    static let textStart: [UInt8] = Array(" :LCB ".utf8)
}

/// What one worker measured; the main thread merges them.
struct WorkerResult {
    /// Receive time minus send time of every benchmark message received, nanoseconds.
    var latencies: [Int64] = []
    /// The same, for messages received by clients that send themselves.
    var senderLatencies: [Int64] = []
    /// Benchmark messages received.
    var deliveries = 0
    /// Lines received in all.
    var linesReceived = 0
    /// Bytes received in all.
    var bytesReceived = 0
    /// When the first connection was started (monotonic nanoseconds; `Int64.max` if none).
    var firstConnect = Int64.max
    /// When the last 001 arrived (monotonic nanoseconds).
    var lastRegistered: Int64 = 0
    /// When the last client joined, its 366 arriving (monotonic nanoseconds).
    var lastJoined: Int64 = 0
    /// When the first benchmark message was queued (monotonic nanoseconds; `Int64.max` if none).
    var firstSend = Int64.max
    /// When the last benchmark message was queued (monotonic nanoseconds).
    var lastSend: Int64 = 0
    /// When the last benchmark message arrived (monotonic nanoseconds).
    var lastReceive: Int64 = 0
    /// Why clients failed, with how many.
    var failures: [String: Int] = [:]
}
