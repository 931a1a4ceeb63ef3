import LetsChatCore
import Testing

struct HistoryLineTests {
    private let time = Timestamp(iso8601: "2026-11-26T20:46:01.123Z")!

    @Test func writesTheDocumentedFormat() {
        #expect(HistoryLine.format(RoomEvent(time: time, kind: .message, nick: "alice", text: "hello, world"))
            == "2026-11-26T20:46:01.123Z MSG alice hello, world")
        #expect(HistoryLine.format(RoomEvent(time: time, kind: .nick, nick: "alice", text: "alicia"))
            == "2026-11-26T20:46:01.123Z NICK alice alicia")
    }

    @Test func writesTheMsgidAfterTheTimeAndReadsItBack() {
        let event = RoomEvent(time: time, kind: .message, nick: "alice", text: "hi there", id: "0jr1x2c4m000a7kq")
        let line = HistoryLine.format(event)
        #expect(line == "2026-11-26T20:46:01.123Z#0jr1x2c4m000a7kq MSG alice hi there")
        #expect(HistoryLine.parse(line) == event)
    }

    @Test func readsALineWrittenBeforeMsgidsAsAnEventWithoutOne() {
        let event = HistoryLine.parse("2026-11-26T20:46:01.123Z MSG alice hello, world")
        #expect(event == RoomEvent(time: time, kind: .message, nick: "alice", text: "hello, world"))
        #expect(event?.id == nil)
    }

    @Test func rejectsAnEmptyMsgid() {
        #expect(HistoryLine.parse("2026-11-26T20:46:01.123Z# MSG alice hi") == nil)
    }

    @Test(arguments: RoomEvent.Kind.allCases)
    func roundTripsEveryKind(kind: RoomEvent.Kind) {
        for text in ["", "some text", "alicia"] {
            let event = RoomEvent(time: time, kind: kind, nick: "alice", text: text)
            #expect(HistoryLine.parse(HistoryLine.format(event)) == event)
        }
    }

    @Test(arguments: [
        "hello, world", "  leading and trailing  ", " ", "two  spaces", "back\\slash", "\\", "\\\\n is not a newline",
        "line one\nline two", "crlf\r\n", "\r", "C:\\new\\run", "ends with backslash\\",
        "caf\u{E9} \u{1F642} \u{4E2D}", "\u{301} opens with a combining mark",
        "MSG bob fake event", "2026-01-01T00:00:00.000Z MSG mallory forged\n2026-01-01T00:00:00.000Z MSG eve forged",
    ])
    func roundTripsAwkwardText(text: String) {
        let event = RoomEvent(time: time, kind: .message, nick: "alice", text: text)
        let line = HistoryLine.format(event)
        #expect(!line.contains("\n") && !line.contains("\r"))
        #expect(HistoryLine.parse(line) == event)
    }

    @Test func roundTripsAnEventBeforeTheEpoch() {
        let event = RoomEvent(time: Timestamp(milliseconds: -1), kind: .topic, nick: "old", text: "history")
        #expect(HistoryLine.parse(HistoryLine.format(event)) == event)
    }

    @Test(arguments: [
        RoomEvent(time: Timestamp(milliseconds: 1_795_725_961_123), kind: .message, nick: "alice",
                  text: "hi \\ there\nyou \u{E9}"),
        RoomEvent(time: Timestamp(milliseconds: 1_795_725_961_123), kind: .join, nick: "bob"),
        RoomEvent(time: Timestamp(milliseconds: 1_795_725_961_123), kind: .leave, nick: "carol"),
        RoomEvent(time: Timestamp(milliseconds: 1_795_725_961_123), kind: .nick, nick: "dave", text: "david"),
    ])
    func neverMistakesATornLineForAnotherEvent(event: RoomEvent) {
        let bytes = Array(HistoryLine.format(event).utf8)
        let withX = RoomEvent(time: event.time, kind: event.kind, nick: event.nick, text: "x")
        let textStart = HistoryLine.format(withX).utf8.count - 1
        for length in 0..<bytes.count {
            let torn = String(decoding: bytes[..<length], as: UTF8.self)
            guard let parsed = HistoryLine.parse(torn) else { continue }
            #expect(length >= textStart, "torn at \(length) before the text: \(torn.debugDescription)")
            #expect(parsed.time == event.time && parsed.kind == event.kind && parsed.nick == event.nick)
        }
    }

    @Test(arguments: [
        "", " ", "hello world", "2026-11-26T20:46:01.123Z", "2026-11-26T20:46:01.123Z MSG",
        "2026-11-26T20:46:01.123Z MSG ", "2026-11-26T20:46:01.123Z  alice hi", "2026-11-26T20:46:01.123Z msg alice hi",
        "2026-11-26T20:46:01.123Z PRIVMSG alice hi", "2026-11-26 20:46:01 MSG alice hi", "MSG alice hi",
        ":alice!a@host PRIVMSG #room :hi", "# comment line", "2026-11-26T20:46:01.123Z  MSG alice hi",
    ])
    func rejectsForeignLines(line: String) {
        #expect(HistoryLine.parse(line) == nil)
    }
}
