#if canImport(Glibc)
import Glibc
#endif

/// What the generator needs to know of one line a server sent, read straight from its bytes.
///
/// Benchmark messages carry their sender and send time in the text: `LCB <sender> <seq> <nanoseconds>`,
/// maybe followed by padding. Barrier pings carry `LCB<round>`.
enum BenchLine: Equatable {
    /// A benchmark message from sender number `sender`, sent at `sentAt` (monotonic nanoseconds).
    case delivery(sender: Int, sentAt: Int64)
    /// 001: registration is complete.
    case welcome
    /// 376 or 422: the MOTD is over, time to JOIN.
    case endOfMOTD
    /// 366: the end of a NAMES list, so the client is in the channel.
    case endOfNames
    /// The answer to barrier ping `round`.
    case pong(round: Int)
    /// The server pings; the token is at `token` in the line.
    case ping(token: Range<Int>)
    /// 432 or 433: the nickname was refused.
    case nickRefused
    /// ERROR: the server is closing the connection.
    case error
    /// Anything else: JOIN lines of others, notices, numerics.
    case other

    /// The text that starts every benchmark message.
    static let marker: [UInt8] = Array("LCB ".utf8)

    /// Reads one line (without CR LF).
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> BenchLine {
        var cursor = Cursor(line: line)
        if cursor.peek == UInt8(ascii: "@") { cursor.skipWord() }
        if cursor.peek == UInt8(ascii: ":") { cursor.skipWord() }
        let command = cursor.word()
        switch command.count {
        case 7 where cursor.equals(command, "PRIVMSG"):
            cursor.skipWord()
            guard cursor.peek == UInt8(ascii: ":") else { return .other }
            cursor.position += 1
            guard cursor.skip(marker), let sender = cursor.number(), let _ = cursor.number(), let sentAt = cursor.number()
            else { return .other }
            return .delivery(sender: Int(sender), sentAt: sentAt)
        case 3:
            if cursor.equals(command, "001") { return .welcome }
            if cursor.equals(command, "376") || cursor.equals(command, "422") { return .endOfMOTD }
            if cursor.equals(command, "366") { return .endOfNames }
            if cursor.equals(command, "432") || cursor.equals(command, "433") { return .nickRefused }
            return .other
        case 4 where cursor.equals(command, "PONG"):
            // `:server PONG server :LCB3`: the round is in the last parameter.
            let last = cursor.lastParameter()
            var inner = Cursor(line: line, position: last.lowerBound)
            guard inner.skip(Array("LCB".utf8)), let round = inner.number() else { return .other }
            return .pong(round: Int(round))
        case 4 where cursor.equals(command, "PING"):
            return .ping(token: cursor.lastParameter())
        case 5 where cursor.equals(command, "ERROR"):
            return .error
        default:
            return .other
        }
    }

    /// A read position in a line.
    private struct Cursor {
        /// The line being read.
        let line: UnsafeBufferPointer<UInt8>
        /// The index of the next byte to read.
        var position = 0

        /// The byte at the cursor; nil at the end of the line.
        var peek: UInt8? { position < line.count ? line[position] : nil }

        /// Moves past the current word and the spaces after it.
        mutating func skipWord() {
            _ = word()
        }

        /// The current word's range; the cursor moves past it and the spaces after it.
        mutating func word() -> Range<Int> {
            let start = position
            while position < line.count && line[position] != UInt8(ascii: " ") { position += 1 }
            let end = position
            while position < line.count && line[position] == UInt8(ascii: " ") { position += 1 }
            return start..<end
        }

        /// Whether the bytes in `range` are exactly `text`.
        func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
            guard range.count == text.utf8CodeUnitCount else { return false }
            let expected = text.utf8Start
            for offset in 0..<range.count where line[range.lowerBound + offset] != expected[offset] { return false }
            return true
        }

        /// Moves past `bytes` if the line continues with them.
        mutating func skip(_ bytes: [UInt8]) -> Bool {
            guard line.count - position >= bytes.count else { return false }
            for (offset, byte) in bytes.enumerated() where line[position + offset] != byte { return false }
            position += bytes.count
            return true
        }

        /// A decimal number and the space after it.
        mutating func number() -> Int64? {
            var value: Int64 = 0
            let start = position
            while position < line.count, line[position] >= 0x30, line[position] <= 0x39 {
                value = value &* 10 &+ Int64(line[position] - 0x30)
                position += 1
            }
            guard position > start, position - start <= 19 else { return nil }
            if position < line.count && line[position] == UInt8(ascii: " ") { position += 1 }
            return value
        }

        /// The last parameter's range: the trailing one after ` :`, else the last word.
        mutating func lastParameter() -> Range<Int> {
            var last = position..<position
            while position < line.count {
                if line[position] == UInt8(ascii: ":") { return (position + 1)..<line.count }
                last = word()
            }
            return last
        }
    }
}

/// Appends the decimal text of `value` (0 or more) without allocating.
func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
    var rest = UInt64(max(value, 0))
    var count = 1
    while rest >= 10 {
        rest /= 10
        count += 1
    }
    let end = bytes.count + count
    bytes.append(contentsOf: repeatElement(0x30, count: count))
    rest = UInt64(max(value, 0))
    for index in stride(from: end - 1, through: end - count, by: -1) {
        bytes[index] = UInt8(0x30 + rest % 10)
        rest /= 10
    }
}
