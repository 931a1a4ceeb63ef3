import LetsChatCore
import Testing
@testable import TUI

@Suite struct ChatLineTests {
    private let evening = Timestamp(iso8601: "2026-11-26T20:46:01.123Z")!

    @Test func theTimeIsShownInLocalTime() {
        let line = ChatLine(time: evening, kind: .message, nick: "alice", text: "hi")
        #expect(line.timeText(utcOffsetSeconds: 0) == "20:46 ")
        #expect(line.timeText(utcOffsetSeconds: 3600) == "21:46 ")
        #expect(line.timeText(utcOffsetSeconds: -5 * 3600) == "15:46 ")
        #expect(line.timeText(utcOffsetSeconds: 4 * 3600) == "00:46 ")
        #expect(line.timeText(utcOffsetSeconds: 5 * 3600 + 1800) == "02:16 ")
    }

    @Test func aLineWithoutATimeHasNoStamp() {
        let line = ChatLine(kind: .info, text: "connecting")
        #expect(line.plainText(utcOffsetSeconds: 0) == "-- connecting")
    }

    @Test(arguments: [
        (ChatLine(kind: .message, nick: "alice", text: "hi"), "<alice> hi"),
        (ChatLine(kind: .action, nick: "alice", text: "waves"), "* alice waves"),
        (ChatLine(kind: .notice, nick: "alice", text: "psst"), "-alice- psst"),
        (ChatLine(kind: .event, nick: "alice", text: "alice has joined"), "-!- alice has joined"),
        (ChatLine(kind: .privateMessage, nick: "alice", text: "hi"), "[PM alice] hi"),
        (ChatLine(kind: .privateMessage, nick: "bob", text: "hi", isOwn: true), "[PM → bob] hi"),
        (ChatLine(kind: .info, text: "Type /help"), "-- Type /help"),
        (ChatLine(kind: .error, text: "No such nick"), "!! No such nick"),
    ])
    func eachKindHasItsPrefix(line: ChatLine, shown: String) {
        #expect(line.plainText(utcOffsetSeconds: 0) == shown)
        #expect(line.segments(utcOffsetSeconds: 0).map(\.text).joined() == shown)
    }

    @Test func segmentsStyleTheTimeTheNickAndTheText() {
        let line = ChatLine(time: evening, kind: .message, nick: "alice", text: "hi")
        let segments = line.segments(utcOffsetSeconds: 0)
        #expect(segments.map(\.style) == [.time, .nick(NickColor.index(for: "alice")), .plain])
        #expect(segments.map(\.text) == ["20:46 ", "<alice>", " hi"])
    }

    @Test func ownLinesDrawNickAndTextInTheOwnStyle() {
        let line = ChatLine(kind: .message, nick: "me", text: "hello", isOwn: true)
        #expect(line.segments(utcOffsetSeconds: 0).map(\.style) == [.own, .own])
    }

    @Test func mentionsStyleTheText() {
        let line = ChatLine(kind: .action, nick: "bob", text: "pokes you", isMention: true)
        let bob = Style.nick(NickColor.index(for: "bob"))
        #expect(line.segments(utcOffsetSeconds: 0).map(\.style) == [.mention, bob, .mention])
    }

    @Test func eventsAreDimmedAndLocalNotesUseTheirStyles() {
        #expect(ChatLine(kind: .event, text: "x").segments(utcOffsetSeconds: 0).map(\.style) == [.dim])
        #expect(ChatLine(kind: .info, text: "x").segments(utcOffsetSeconds: 0).map(\.style) == [.info])
        #expect(ChatLine(kind: .error, text: "x").segments(utcOffsetSeconds: 0).map(\.style) == [.error])
    }

    @Test func textFromTheNetworkIsCleanedOfEscapesAndFormatting() {
        let line = ChatLine(kind: .message, nick: "ev\u{1b}[2Jil", text: "\u{1b}[2Jhi \u{03}4,1red\u{0F} \u{202E}x")
        #expect(line.text == "hi red x")
        #expect(line.nick == "evil")
    }

    @Test func rowsWrapTheWholeLineAndKeepEachPieceStyled() {
        let line = ChatLine(time: evening, kind: .message, nick: "alice", text: "one two three four five six")
        let rows = line.rows(width: 16, utcOffsetSeconds: 0)
        #expect(rows.map(\.text) == ["20:46 <alice>", "one two three", "four five six"])
        #expect(rows[0].segments.map(\.style) == [.time, .nick(NickColor.index(for: "alice"))])
        #expect(rows[1].segments.map(\.style) == [.plain])
    }

    @Test func rowCountAlwaysMatchesTheRows() {
        let lines = [
            ChatLine(time: evening, kind: .message, nick: "alice", text: "日本語のテキスト and 🙂 emoji e\u{301} here"),
            ChatLine(kind: .event, text: ""),
            ChatLine(time: evening, kind: .privateMessage, nick: "bob", text: "supercalifragilistic", isOwn: true),
        ]
        for line in lines {
            for width in 1...40 {
                let rows = line.rows(width: width, utcOffsetSeconds: 7200)
                #expect(rows.count == line.rowCount(width: width))
                #expect(rows.allSatisfy { $0.width <= width })
            }
        }
    }

    @Test func mentionsNeedTheWholeNick() {
        #expect(ChatLine.mentions("hi bob", nick: "bob"))
        #expect(ChatLine.mentions("@Bob: look", nick: "bob"))
        #expect(!ChatLine.mentions("bobby is here", nick: "bob"))
        #expect(!ChatLine.mentions("kebob", nick: "bob"))
        #expect(!ChatLine.mentions("anything", nick: ""))
    }
}
