/// Bytes waiting to be written to one client, sent by whichever thread queued them, with a writer
/// thread started only for a client that reads slowly.
///
/// Any thread may `enqueue` (the room does, under its lock) and then `flush` outside every other
/// lock: the flushing thread writes what is queued without blocking, so a delivery costs one
/// `send` and no thread switch. Only one thread sends at a time (`sending`), taking bytes from the
/// front of `pending`, so order is kept however many threads queue and flush at once; a flush that
/// finds someone else sending leaves its bytes to them. When the socket is full, the rest is handed
/// to the writer thread, which blocks in `send` until the client catches up. Most clients keep up,
/// so the writer thread is started the first time that happens, not for every connection.
///
/// `condition` guards `pending`, `spare`, `sending`, `handedOver`, `closing`, `writerStarted`,
/// `writerFinished` and `state`. The queue
/// is bounded: a client that stops reading fills it, and the enqueue that would pass `limit` drops
/// the client instead of making anyone wait.
final class Outbound: @unchecked Sendable {
    /// Why a queue stopped accepting bytes.
    enum State: Sendable { case open, overflowed, closed }

    private let transport: any Transport
    private let limit: Int
    private var writerStarted = false
    private var writerFinished = false
    private let condition = Condition()
    private var pending: [UInt8] = []
    // The last batch's buffer (if small), kept for the next one so a steady stream allocates nothing.
    private var spare: [UInt8] = []
    private var sending = false
    private var handedOver = false
    private var closing = false
    private var state = State.open

    /// A queue for `transport` holding at most `limit` bytes.
    init(transport: any Transport, limit: Int) {
        self.transport = transport
        self.limit = limit
    }

    /// Queues bytes; someone must `flush` afterwards. Returns false when the queue overflowed (the client is being dropped).
    @discardableResult
    func enqueue(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard state == .open, !closing else { return state != .overflowed }
        if pending.count + bytes.count > limit {
            state = .overflowed
            pending.removeAll()
            condition.broadcast()
            // Wakes the reader, whose clean-up announces the departure.
            transport.shutdown()
            return false
        }
        pending.append(contentsOf: bytes)
        return true
    }

    /// Queues bytes and sends them at once.
    func send(_ bytes: [UInt8]) {
        enqueue(bytes)
        flush()
    }

    /// Writes what is queued without blocking, unless another thread is writing (it sends these bytes
    /// too); what the socket cannot take now goes to the writer thread.
    func flush() {
        condition.lock()
        guard !sending, !pending.isEmpty, state == .open else {
            condition.unlock()
            return
        }
        sending = true
        var batch = takePending()
        while true {
            condition.unlock()
            let written: Int
            do { written = try transport.sendAvailable(batch) } catch {
                failed()
                return
            }
            condition.lock()
            if written < batch.count {
                // The client is behind: the rest goes first, and the writer waits for room.
                batch.removeFirst(written)
                batch.append(contentsOf: pending)
                pending = batch
                handedOver = true
                // Once closing, the reader drains the rest itself (`drainAfterFinish`).
                let startWriter = !writerStarted && !closing
                if startWriter { writerStarted = true }
                condition.broadcast()
                condition.unlock()
                if startWriter { startWriterThread() }
                return
            }
            // Keep a small buffer for the next batch; a big one (after a burst) goes back to the allocator.
            if batch.capacity <= 4096 {
                batch.removeAll(keepingCapacity: true)
                spare = batch
            }
            if pending.isEmpty || state != .open {
                sending = false
                if closing { condition.broadcast() }
                condition.unlock()
                return
            }
            batch = takePending()
        }
    }

    /// Lets go of the buffers kept for the next batch, and of the queue's own if it is empty: the
    /// client has gone quiet, and an idle connection should hold no byte buffers at all.
    func releaseSpare() {
        condition.lock()
        spare = []
        if pending.isEmpty { pending = [] }
        condition.unlock()
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
        condition.broadcast()
        condition.unlock()
    }

    /// After `finish()`: waits for the writer thread if there is one, or else sends what is left on
    /// the calling thread; returns when everything queued went out or the peer failed.
    func drainAfterFinish() {
        condition.lock()
        guard writerStarted else {
            condition.unlock()
            return run()
        }
        while !writerFinished { condition.wait() }
        condition.unlock()
    }

    private func startWriterThread() {
        let started = ServerThread.start(name: "lc-writer", stackSize: 128 * 1024) { [self] in
            run()
            condition.lock()
            writerFinished = true
            condition.broadcast()
            condition.unlock()
        }
        if !started {
            // Without a writer this client cannot be served; dropping it keeps the rest of the room going.
            condition.lock()
            writerFinished = true
            condition.unlock()
            failed()
        }
    }

    /// Sends what flushing threads handed over, and what is left when the queue is finished, blocking
    /// as long as the client needs; returns when finished or the peer fails.
    private func run() {
        condition.lock()
        while true {
            while state == .open && !handedOver && !(closing && !sending) {
                condition.wait()
            }
            if state != .open || (!handedOver && pending.isEmpty) {
                state = state == .open ? .closed : state
                condition.unlock()
                return
            }
            sending = true
            handedOver = true
            let batch = takePending()
            condition.unlock()
            do {
                try transport.sendAll(batch)
            } catch {
                failed()
                return
            }
            condition.lock()
            if pending.isEmpty {
                handedOver = false
                sending = false
            }
        }
    }

    /// Swaps the queued bytes out (caller holds the lock).
    private func takePending() -> [UInt8] {
        var batch = spare
        spare = []
        swap(&batch, &pending)
        return batch
    }

    /// A send failed: nothing more goes out, and the socket is shut down so the reader ends the session.
    private func failed() {
        condition.lock()
        // An overflow shuts the socket down under a blocked send; keep that reason for the reader.
        if state == .open { state = .closed }
        pending.removeAll()
        sending = false
        condition.broadcast()
        condition.unlock()
        transport.shutdown()
    }
}
