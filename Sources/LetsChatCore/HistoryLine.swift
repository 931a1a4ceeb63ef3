/// The history file's line format: one room event per line, human-readable and greppable.
///
///     2026-11-26T20:46:01.123Z MSG alice hello, world
///     2026-11-26T20:46:05.004Z ACTION alice waves
///     2026-11-26T20:47:00.000Z NICK alice alicia
///     2026-11-26T20:48:00.000Z#0jr1x2c4m000a7kq MSG alice a message with its msgid
///
/// Fields: UTC time to the millisecond (with `#` and the IRCv3 `msgid` after it when the event has
/// one), kind, nickname, then the text (which may hold spaces). Lines without an id, as every line was
/// before ids were given, read back as events without one.
/// A backslash, CR and LF in the text are written `\\`, `\r` and `\n`, so a line is always one event.
/// The space after the nickname is written even when the text is empty (`... JOIN alice `), so that
/// a line torn inside the nickname is rejected instead of read as an event of someone else.
public enum HistoryLine {
    /// The line for `event`, without its LF.
    public static func format(_ event: RoomEvent) -> String {
        let stamp = event.id.map { "\(event.time.iso8601)#\($0)" } ?? event.time.iso8601
        return "\(stamp) \(event.kind.rawValue) \(event.nick) " + escape(event.text)
    }

    /// Parses a line written by `format`; nil for a torn or foreign line.
    public static func parse(_ line: some StringProtocol) -> RoomEvent? {
        // Scalars, not Characters: text that opens with a combining mark would hide the space before it.
        let parts = String(line).unicodeScalars.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            .map(String.init)
        guard parts.count == 4 else { return nil }
        let stamp = parts[0].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard let time = Timestamp(iso8601: String(stamp[0])), stamp.count == 1 || !stamp[1].isEmpty,
              let kind = RoomEvent.Kind(rawValue: parts[1]), !parts[2].isEmpty
        else { return nil }
        return RoomEvent(time: time, kind: kind, nick: parts[2], text: unescape(parts[3]),
                         id: stamp.count == 2 ? String(stamp[1]) : nil)
    }

    private static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\r" }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static func unescape(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                out.append(scalar == "n" ? "\n" : scalar == "r" ? "\r" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
