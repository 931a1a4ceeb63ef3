import Foundation

/// Bytes waiting to be written to one client, and the body of the writer thread that writes them.
///
/// Any thread may `enqueue`; the connection's writer thread runs `run()`. `condition` guards
/// `pending`, `closing` and `failed`. The queue is bounded: a client that stops reading fills it,
/// and the enqueue that would pass `limit` drops the client instead of making anyone wait.
final class Outbound: @unchecked Sendable {
    /// Why a queue stopped accepting bytes.
    enum State: Sendable { case open, overflowed, closed }

    private let socket: Socket
    private let limit: Int
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var closing = false
    private var state = State.open

    init(socket: Socket, limit: Int) {
        self.socket = socket
        self.limit = limit
    }

    /// Queues bytes for the writer; returns false when the queue overflowed (the client is being dropped).
    @discardableResult
    func enqueue(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard state == .open, !closing else { return state != .overflowed }
        if pending.count + bytes.count > limit {
            state = .overflowed
            pending.removeAll()
            condition.signal()
            // Wakes the reader, whose clean-up announces the departure.
            socket.shutdown()
            return false
        }
        if pending.isEmpty { condition.signal() }
        pending.append(contentsOf: bytes)
        return true
    }

    /// Whether the client was dropped because it stopped reading.
    var overflowed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .overflowed
    }

    /// Lets the writer send what is queued and then finish; later enqueues are ignored.
    func finish() {
        condition.lock()
        closing = true
        condition.signal()
        condition.unlock()
    }

    /// The writer thread's body: sends batches until finished or the peer fails.
    func run() {
        var batch: [UInt8] = []
        while true {
            condition.lock()
            while pending.isEmpty && !closing && state == .open {
                condition.wait()
            }
            if state != .open || (pending.isEmpty && closing) {
                state = state == .open ? .closed : state
                condition.unlock()
                return
            }
            swap(&batch, &pending)
            condition.unlock()
            do {
                try socket.sendAll(batch)
            } catch {
                condition.lock()
                // An overflow shuts the socket down under a blocked send; keep that reason for the reader.
                if state == .open { state = .closed }
                pending.removeAll()
                condition.unlock()
                socket.shutdown()
                return
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
