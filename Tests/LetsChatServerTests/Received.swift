import LetsChatCore

/// Checks on single received lines.
enum Received {
    /// Whether `line` is a text client's message line: `[YYYY-MM-DD HH:MM] nick: text`.
    static func isTextMessage(_ line: String, nick: String, text: String) -> Bool {
        let expectedTail = "] \(nick): \(text)"
        guard line.hasSuffix(expectedTail) else { return false }
        let stamp = Array(line.utf8.prefix(18))
        let pattern = Array("[dddd-dd-dd dd:dd]".utf8)
        guard stamp.count == pattern.count else { return false }
        return zip(stamp, pattern).allSatisfy { actual, wanted in
            wanted == UInt8(ascii: "d") ? (0x30...0x39).contains(actual) : actual == wanted
        } && line.utf8.count == 18 + expectedTail.utf8.count - 1
    }

    /// The `time` tag of `message` parsed, if it has a well-formed one.
    static func time(of message: IRCMessage) -> Timestamp? {
        message.tag("time").flatMap { Timestamp(iso8601: $0) }
    }
}
