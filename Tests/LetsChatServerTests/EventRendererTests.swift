import LetsChatCore
@testable import LetsChatServer
import Testing

/// Every wire form of a room event, a private message and a server notice, byte for byte.
struct EventRendererTests {
    private let renderer = EventRenderer(channel: "#letschat", serverName: "irc.test")
    private let time = Timestamp(milliseconds: 1_796_000_000_123)
    private let source = "alice!al@10.0.0.1"

    private func event(_ kind: RoomEvent.Kind, _ text: String = "", nick: String = "alice") -> RoomEvent {
        RoomEvent(time: time, kind: kind, nick: nick, text: text)
    }

    private func live(_ event: RoomEvent, isQuit: Bool = false, timeTag: Bool = false) -> String {
        String(decoding: renderer.ircLive(event, source: source, isQuit: isQuit, timeTag: timeTag), as: UTF8.self)
    }

    @Test(arguments: [
        (RoomEvent.Kind.message, "hello all", ":alice!al@10.0.0.1 PRIVMSG #letschat :hello all\r\n"),
        (.action, "waves", ":alice!al@10.0.0.1 PRIVMSG #letschat :\u{1}ACTION waves\u{1}\r\n"),
        (.notice, "psst", ":alice!al@10.0.0.1 NOTICE #letschat :psst\r\n"),
        (.message, "word", ":alice!al@10.0.0.1 PRIVMSG #letschat :word\r\n"),
        (.join, "", ":alice!al@10.0.0.1 JOIN #letschat\r\n"),
        (.leave, "", ":alice!al@10.0.0.1 PART #letschat\r\n"),
        (.leave, "bye now", ":alice!al@10.0.0.1 PART #letschat :bye now\r\n"),
        (.nick, "alicia", ":alice!al@10.0.0.1 NICK :alicia\r\n"),
        (.topic, "new topic", ":alice!al@10.0.0.1 TOPIC #letschat :new topic\r\n"),
        (.topic, "", ":alice!al@10.0.0.1 TOPIC #letschat :\r\n"),
    ])
    func aLiveEventIsOneIRCLine(kind: RoomEvent.Kind, text: String, expected: String) {
        #expect(live(event(kind, text)) == expected)
    }

    @Test func aQuitSaysQuitWhenNoReasonWasGiven() {
        #expect(live(event(.leave), isQuit: true) == ":alice!al@10.0.0.1 QUIT :Quit\r\n")
        #expect(live(event(.leave, "Quit: gone"), isQuit: true) == ":alice!al@10.0.0.1 QUIT :Quit: gone\r\n")
    }

    @Test func aClientWithServerTimeGetsTheEventsTimeAsATag() {
        #expect(live(event(.message, "hi"), timeTag: true) == "@time=\(time.iso8601) :alice!al@10.0.0.1 PRIVMSG #letschat :hi\r\n")
    }

    @Test func aReplayWithoutServerTimeIsAServerNoticeWithTheMinute() {
        let minute = LocalTime.minuteText(time)
        let replay = { String(decoding: renderer.ircReplay($0, timeTag: false), as: UTF8.self) }
        #expect(replay(event(.message, "hi")) == ":irc.test NOTICE #letschat :[\(minute)] <alice> hi\r\n")
        #expect(replay(event(.join)) == ":irc.test NOTICE #letschat :[\(minute)] -- alice joined the chat\r\n")
    }

    @Test func aReplayWithServerTimeKeepsMessageAuthorsAndTurnsChangesIntoNotices() {
        let replay = { String(decoding: renderer.ircReplay($0, timeTag: true), as: UTF8.self) }
        let tag = "@time=\(time.iso8601)"
        #expect(replay(event(.action, "waves")) == "\(tag) :alice!alice@history PRIVMSG #letschat :\u{1}ACTION waves\u{1}\r\n")
        #expect(replay(event(.leave, "later")) == "\(tag) :irc.test NOTICE #letschat :alice left the chat (later)\r\n")
        #expect(replay(event(.topic, "t")) == "\(tag) :irc.test NOTICE #letschat :alice set the topic to: t\r\n")
    }

    @Test func aTextClientGetsReadableLinesWithoutFormatting() {
        let minute = LocalTime.minuteText(time)
        let text = { String(decoding: renderer.bytes(for: .text, $0, source: source, isQuit: false), as: UTF8.self) }
        #expect(text(event(.message, "\u{2}bold\u{2} move")) == "[\(minute)] alice: bold move\n")
        #expect(text(event(.nick, "alicia")) == "[\(minute)] -- alice is now known as alicia\n")
    }

    @Test func aPrivateMessageIsAddressedToItsRecipient() {
        let irc = renderer.privateMessage("PRIVMSG", from: "alice", source: source, to: "bob", text: "psst there", time: time,
                                          audience: .irc(serverTime: false, echo: false))
        #expect(String(decoding: irc, as: UTF8.self) == ":alice!al@10.0.0.1 PRIVMSG bob :psst there\r\n")
        let tagged = renderer.privateMessage("NOTICE", from: "alice", source: source, to: "bob", text: "x", time: time,
                                             audience: .irc(serverTime: true, echo: false))
        #expect(String(decoding: tagged, as: UTF8.self) == "@time=\(time.iso8601) :alice!al@10.0.0.1 NOTICE bob :x\r\n")
        let text = renderer.privateMessage("PRIVMSG", from: "alice", source: source, to: "bob", text: "psst", time: time,
                                           audience: .text)
        #expect(String(decoding: text, as: UTF8.self) == "[\(LocalTime.minuteText(time))] (private) alice: psst\n")
    }

    @Test func aServerNoticeGoesToTheRoomOrTheNickname() {
        let irc = renderer.serverNotice("Server shutting down.", to: "bob", audience: .irc(serverTime: true, echo: true))
        #expect(String(decoding: irc, as: UTF8.self) == ":irc.test NOTICE bob :Server shutting down.\r\n")
        #expect(String(decoding: renderer.serverNotice("Bye.", to: "#letschat", audience: .text), as: UTF8.self) == "-- Bye.\n")
    }
}
