import LetsChatCore

/// Reads one connection's bytes and hands out lines, with a deadline on every wait.
///
/// Owned by the connection's reader thread alone.
struct LineReader {
    /// What a read produced.
    enum Result: Equatable {
        /// A complete line, terminator removed.
        case line([UInt8])
        /// A line passed the limit and was dropped.
        case tooLong
        /// Nothing arrived before the deadline.
        case timeout
        /// The peer closed or the connection failed.
        case closed
    }

    private let transport: any Transport
    private var framer: LineFramer
    private let whenQuiet: () -> Void
    /// Whether the reader has settled down at least once (see `waitReadable`).
    private var hasSettled = false
    /// How long a client's first silence must last before its reader settles down.
    static let firstSettleMilliseconds: Int32 = 1000

    /// A reader of `transport` that drops lines longer than `maxLineBytes` (terminator excluded),
    /// starting with `buffered`: bytes already read from it (the connection's first line, read to
    /// tell the client's kind).
    ///
    /// When the reader has to wait because the client has nothing more to say for now, it first
    /// gives back the thread's unused stack pages and runs `whenQuiet` (the owner lets go of its
    /// spare memory, which `HeapTrim` then returns to the system): most clients sit idle most of
    /// the time, and an idle one should cost as little as possible. A client whose next bytes are
    /// already here costs nothing extra.
    init(transport: any Transport, maxLineBytes: Int, buffered: [UInt8] = [], whenQuiet: @escaping () -> Void = {}) {
        self.transport = transport
        framer = LineFramer(maxLineBytes: maxLineBytes)
        if !buffered.isEmpty { framer.append(buffered) }
        self.whenQuiet = whenQuiet
    }

    /// The next line, waiting at most `milliseconds` for bytes (-1: no limit).
    mutating func next(milliseconds: Int32) -> Result {
        while true {
            if let item = framer.next() {
                switch item {
                case .line(let bytes): return .line(bytes)
                case .tooLong: return .tooLong
                }
            }
            switch fill(milliseconds: milliseconds) {
            case .some(true): continue
            case .some(false): return .closed
            case .none: return .timeout
            }
        }
    }

    /// The next line if one has already been read in full, without touching the transport; nil otherwise.
    mutating func nextBuffered() -> Result? {
        switch framer.next() {
        case .line(let bytes): .line(bytes)
        case .tooLong: .tooLong
        case nil: nil
        }
    }

    /// Bytes received after the last complete line (the original client sends no terminator).
    mutating func takePending() -> [UInt8] {
        framer.takePending()
    }

    /// Whether bytes of an unfinished line are waiting.
    var hasPending: Bool { framer.hasPending }

    /// Receives once: true if bytes arrived, false if the peer is gone, nil on timeout.
    mutating func fill(milliseconds: Int32) -> Bool? {
        guard waitReadable(milliseconds: milliseconds) else { return nil }
        // A buffer for this read only, from the heap: on the stack its pages would stay resident in
        // every idle reader thread (16 KiB each), and an idle connection should hold no buffer at all.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        guard let count = try? transport.receive(into: buffer), count > 0 else { return false }
        framer.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return true
    }

    /// Waits like `Transport.waitReadable`, settling the thread down first when nothing is waiting yet.
    ///
    /// The first time, the client must also stay silent for `firstSettleMilliseconds`: that wait
    /// follows its registration, usually while many others join too, and giving stack pages back
    /// then competes with their new threads for the process's memory map (a crowd of 1000 took 12 %
    /// longer to register, with 28 % more CPU). Later waits follow a message or a PING and settle
    /// at once.
    private mutating func waitReadable(milliseconds: Int32) -> Bool {
        if milliseconds == 0 { return transport.waitReadable(milliseconds: 0) }
        if transport.waitReadable(milliseconds: 0) { return true }
        var remaining = milliseconds
        if !hasSettled {
            let first = LineReader.firstSettleMilliseconds
            if milliseconds >= 0 && milliseconds <= first { return transport.waitReadable(milliseconds: milliseconds) }
            if transport.waitReadable(milliseconds: first) { return true }
            if milliseconds > 0 { remaining = milliseconds - first }
        }
        hasSettled = true
        whenQuiet()
        ThreadStack.releaseUnusedPages()
        HeapTrim.soon()
        // The long wait happens one short frame below this one, on the descriptor: a TLS
        // transport's own wait sits two frames deeper, which kept a second stack page per idle
        // client. Bytes the transport already holds would not wake the poll, hence the check.
        if !transport.hasBufferedInput {
            guard let left = Socket.waitReadable(transport.descriptor, milliseconds: remaining) else { return false }
            remaining = left
        }
        return transport.waitReadable(milliseconds: remaining)
    }
}
