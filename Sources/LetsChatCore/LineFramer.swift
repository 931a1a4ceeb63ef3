/// Splits a byte stream into lines ended by LF (an optional CR before it is dropped).
///
/// Bytes arrive in arbitrary pieces; a line is returned only once its terminator is in.
/// A line that grows past `maxLineBytes` is reported once as `.tooLong` and the rest of it,
/// up to the next LF, is discarded, so a hostile peer cannot make the buffer grow without bound.
public struct LineFramer: Sendable {
    /// One unit the framer hands out.
    public enum Item: Equatable, Sendable {
        /// A complete line without its CR LF.
        case line([UInt8])
        /// A line exceeded the limit; its bytes were dropped.
        case tooLong
    }

    /// The longest line accepted, terminator excluded.
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var discarding = false

    /// Creates a framer that accepts lines of up to `maxLineBytes` bytes.
    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Adds bytes read from the peer.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        // Drop the lines already handed out, or a peer whose reads end mid-line grows the buffer forever.
        if start > 0 {
            buffer.removeSubrange(..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes held in the buffer, handed out or not; tests use it to check that memory stays bounded.
    var storedByteCount: Int { buffer.count }

    /// Returns the next complete line or overflow notice, or nil until more bytes arrive.
    public mutating func next() -> Item? {
        while true {
            guard let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) else {
                scanned = buffer.count
                if buffer.count - start > maxLineBytes + 1 {
                    let wasDiscarding = discarding
                    discardPending()
                    discarding = true
                    if !wasDiscarding { return .tooLong }
                }
                return nil
            }
            var end = newline
            if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = Array(buffer[start..<end])
            start = newline + 1
            scanned = start
            if discarding {
                discarding = false
                continue
            }
            if line.count > maxLineBytes { return .tooLong }
            return .line(line)
        }
    }

    /// Removes and returns the bytes received after the last complete line.
    ///
    /// The original LetsChat client sends messages without any terminator; its session takes
    /// each read's bytes this way.
    public mutating func takePending() -> [UInt8] {
        let pending = Array(buffer[start...])
        discardPending()
        return pending
    }

    /// Whether bytes of an unfinished line are waiting.
    public var hasPending: Bool { start < buffer.count }

    private mutating func discardPending() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        scanned = 0
    }
}
