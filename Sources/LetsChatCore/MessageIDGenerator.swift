/// Makes the values of the IRCv3 `msgid` tag: short, URL-safe, unique on this server, in time order.
///
/// An id is 16 characters of lower-case Crockford base32 (`0-9`, `a-z` without `i l o u`): 9 for the
/// millisecond, 3 for a counter within that millisecond, 4 random. Ids made later sort after earlier
/// ones, because the millisecond never moves back within one generator even when the wall clock does,
/// and a full counter borrows the next millisecond. The random part keeps two server runs that share a
/// millisecond (a restart after the clock was set back) from handing out the same id.
///
/// Plain state: the server keeps one behind a lock and passes the time in.
public struct MessageIDGenerator: Sendable {
    /// The length of every id.
    public static let length = 16
    /// The characters ids are made of, in ascending order.
    public static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    private static let timeDigits = 9
    private static let counterDigits = 3
    private static let randomDigits = 4
    private static let counterLimit: Int64 = 1 << (5 * counterDigits)

    private var lastMillisecond: Int64 = .min
    private var counter: Int64 = 0
    private let random: @Sendable () -> UInt64

    /// Creates a generator; `random` gives random bits (inject a fixed one in tests).
    public init(random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }) {
        self.random = random
    }

    /// The next id, for a message accepted at `now`.
    public mutating func next(now: Timestamp) -> String {
        let millisecond = max(now.milliseconds, 0)
        if millisecond > lastMillisecond {
            lastMillisecond = millisecond
            counter = 0
        } else {
            counter += 1
            if counter == MessageIDGenerator.counterLimit {
                lastMillisecond += 1
                counter = 0
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(MessageIDGenerator.length)
        append(UInt64(lastMillisecond), digits: MessageIDGenerator.timeDigits, to: &out)
        append(UInt64(counter), digits: MessageIDGenerator.counterDigits, to: &out)
        append(random(), digits: MessageIDGenerator.randomDigits, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func append(_ value: UInt64, digits: Int, to out: inout [UInt8]) {
        for position in stride(from: digits - 1, through: 0, by: -1) {
            out.append(MessageIDGenerator.alphabet[Int((value >> UInt64(5 * position)) & 31)])
        }
    }
}
