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

    private func live(_ event: RoomEvent, isQuit: Bool = false, timeTag: Bool = false, clientTags: ClientTags? = nil) -> String {
        String(decoding: renderer.ircLive(event, source: source, isQuit: isQuit, timeTag: timeTag, clientTags: clientTags),
               as: UTF8.self)
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
        let replay = { String(decoding: renderer.ircReplay($0, timeTag: false, idTag: false), as: UTF8.self) }
        #expect(replay(event(.message, "hi")) == ":irc.test NOTICE #letschat :[\(minute)] <alice> hi\r\n")
        #expect(replay(event(.join)) == ":irc.test NOTICE #letschat :[\(minute)] -- alice joined the chat\r\n")
    }

    @Test func aReplayWithServerTimeKeepsMessageAuthorsAndTurnsChangesIntoNotices() {
        let replay = { String(decoding: renderer.ircReplay($0, timeTag: true, idTag: false), as: UTF8.self) }
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
                                          id: "id1", clientTags: ClientTags([]),
                                          audience: .irc(serverTime: false, echo: false, messageTags: false))
        #expect(String(decoding: irc, as: UTF8.self) == ":alice!al@10.0.0.1 PRIVMSG bob :psst there\r\n")
        let tagged = renderer.privateMessage("NOTICE", from: "alice", source: source, to: "bob", text: "x", time: time,
                                             id: "id1", clientTags: ClientTags([]),
                                             audience: .irc(serverTime: true, echo: false, messageTags: false))
        #expect(String(decoding: tagged, as: UTF8.self) == "@time=\(time.iso8601) :alice!al@10.0.0.1 NOTICE bob :x\r\n")
        let text = renderer.privateMessage("PRIVMSG", from: "alice", source: source, to: "bob", text: "psst", time: time,
                                           id: "id1", clientTags: ClientTags([]), audience: .text)
        #expect(String(decoding: text, as: UTF8.self) == "[\(LocalTime.minuteText(time))] (private) alice: psst\n")
    }

    @Test func aClientWithMessageTagsGetsTheMsgidAndTheSendersTagsAfterTheTime() {
        var said = event(.message, "hi")
        said.id = "0abc"
        let tags = ClientTags([.init(key: "+typing", value: "done"), .init(key: "+draft/reply", value: "a b;c")])
        #expect(live(said, timeTag: true, clientTags: tags)
            == "@time=\(time.iso8601);msgid=0abc;+typing=done;+draft/reply=a\\sb\\:c :alice!al@10.0.0.1 PRIVMSG #letschat :hi\r\n")
        #expect(live(said, timeTag: false, clientTags: nil) == ":alice!al@10.0.0.1 PRIVMSG #letschat :hi\r\n")
    }

    @Test func aTagOnlyEventIsATagmsgForMessageTagsClientsAndNothingForOthers() {
        var typing = event(.tagsOnly)
        typing.id = "0abd"
        let tags = ClientTags([.init(key: "+typing", value: "active")])
        #expect(live(typing, clientTags: tags) == "@msgid=0abd;+typing=active :alice!al@10.0.0.1 TAGMSG #letschat\r\n")
        #expect(live(typing, timeTag: true, clientTags: nil).isEmpty)
        #expect(renderer.bytes(for: .text, typing, source: source, isQuit: false, clientTags: tags).isEmpty)
        #expect(renderer.replayBytes(for: .irc(serverTime: true, echo: true, messageTags: true), typing).isEmpty)
    }

    @Test func aReplayedMessageCarriesItsMsgidForMessageTagsClients() {
        var said = event(.message, "hi")
        said.id = "0abe"
        let withTime = String(decoding: renderer.ircReplay(said, timeTag: true, idTag: true), as: UTF8.self)
        #expect(withTime == "@time=\(time.iso8601);msgid=0abe :alice!alice@history PRIVMSG #letschat :hi\r\n")
        let asNotice = String(decoding: renderer.ircReplay(said, timeTag: false, idTag: true), as: UTF8.self)
        #expect(asNotice.hasPrefix("@msgid=0abe :irc.test NOTICE #letschat :["))
    }

    @Test func aPrivateTagmsgReachesOnlyMessageTagsClients() {
        let tags = ClientTags([.init(key: "+typing", value: "active")])
        let tagged = renderer.privateMessage("TAGMSG", from: "alice", source: source, to: "bob", text: "", time: time,
                                             id: "0abf", clientTags: tags,
                                             audience: .irc(serverTime: false, echo: false, messageTags: true))
        #expect(String(decoding: tagged, as: UTF8.self) == "@msgid=0abf;+typing=active :alice!al@10.0.0.1 TAGMSG bob\r\n")
        for audience in [Audience.irc(serverTime: true, echo: true, messageTags: false), .text] {
            #expect(renderer.privateMessage("TAGMSG", from: "alice", source: source, to: "bob", text: "", time: time,
                                            id: "0abf", clientTags: tags, audience: audience).isEmpty)
        }
    }

    @Test func aServerNoticeGoesToTheRoomOrTheNickname() {
        let irc = renderer.serverNotice("Server shutting down.", to: "bob", audience: .irc(serverTime: true, echo: true, messageTags: true))
        #expect(String(decoding: irc, as: UTF8.self) == ":irc.test NOTICE bob :Server shutting down.\r\n")
        #expect(String(decoding: renderer.serverNotice("Bye.", to: "#letschat", audience: .text), as: UTF8.self) == "-- Bye.\n")
    }
}
