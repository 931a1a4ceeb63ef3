import LetsChatCore
import Testing
@testable import TUI

@Suite struct TypingIndicatorTests {
    private func line(_ text: String) throws -> IRCMessage {
        try IRCMessage(parsing: text)
    }

    private func typing(_ nick: String, _ state: String, to target: String = "#room") throws -> IRCMessage {
        try line("@+typing=\(state) :\(nick)!\(nick)@host TAGMSG \(target)")
    }

    private func indicator(_ messages: [IRCMessage], clock: Double = 0, ownNick: String? = "me") -> TypingIndicator {
        var indicator = TypingIndicator()
        for message in messages { indicator.apply(message, ownNick: ownNick, clock: clock) }
        return indicator
    }

    @Test func nobodyTypingShowsAnEmptyLine() {
        let empty = TypingIndicator()
        #expect(empty.text(at: 0) == "")
        #expect(empty.isEmpty(at: 0))
        #expect(empty.nextChange == nil)
    }

    @Test func oneTypistIsNamed() throws {
        let shown = try indicator([typing("bob", "active")])
        #expect(shown.text(at: 1) == "bob is typing…")
        #expect(!shown.isEmpty(at: 1))
    }

    @Test func twoTypistsAreNamedInTheOrderTheyStarted() throws {
        #expect(try indicator([typing("carol", "active"), typing("bob", "active")]).text(at: 1) == "carol and bob are typing…")
    }

    @Test func threeOrMoreBecomeSeveralPeople() throws {
        let shown = try indicator([typing("bob", "active"), typing("carol", "active"), typing("dave", "paused")])
        #expect(shown.text(at: 1) == "several people are typing…")
        #expect(shown.nicks(at: 1) == ["bob", "carol", "dave"])
    }

    @Test func anActiveRunsOutAfterSixSecondsWithoutARefresh() throws {
        let shown = try indicator([typing("bob", "active")], clock: 10)
        #expect(shown.text(at: 15.9) == "bob is typing…")
        #expect(shown.text(at: 16) == "")
        #expect(shown.nextChange == 16)
    }

    @Test func aRefreshKeepsAnActiveAlive() throws {
        var shown = try indicator([typing("bob", "active")], clock: 0)
        try shown.apply(typing("bob", "active"), ownNick: "me", clock: 4)
        #expect(shown.text(at: 9) == "bob is typing…")
        #expect(shown.nextChange == 10)
    }

    @Test func aPausedRunsOutAfterThirtySeconds() throws {
        let shown = try indicator([typing("bob", "paused")], clock: 0)
        #expect(shown.text(at: 29.9) == "bob is typing…")
        #expect(shown.isEmpty(at: 30))
        #expect(shown.nextChange == 30)
    }

    @Test func doneClearsAtOnce() throws {
        #expect(try indicator([typing("bob", "active"), typing("bob", "done")]).isEmpty(at: 0))
    }

    @Test func aMessageFromTheTypistClearsIt() throws {
        #expect(try indicator([typing("bob", "active"), line(":bob!b@h PRIVMSG #room :hello")]).isEmpty(at: 0))
        #expect(try indicator([typing("bob", "active"), line(":bob!b@h NOTICE #room :hello")]).isEmpty(at: 0))
        #expect(try indicator([typing("bob", "active"), line("@+typing=active :bob!b@h PRIVMSG #room :hi")]).isEmpty(at: 0))
    }

    @Test func aMessageFromSomeoneElseLeavesTheTypistShown() throws {
        let shown = try indicator([typing("bob", "active"), line(":carol!c@h PRIVMSG #room :hello")])
        #expect(shown.text(at: 0) == "bob is typing…")
    }

    @Test func departuresClearTheTypist() throws {
        #expect(try indicator([typing("bob", "active"), line(":bob!b@h PART #room")]).isEmpty(at: 0))
        #expect(try indicator([typing("bob", "active"), line(":bob!b@h QUIT :bye")]).isEmpty(at: 0))
        #expect(try indicator([typing("bob", "active"), line(":bob!b@h NICK robert")]).isEmpty(at: 0))
        #expect(try indicator([typing("bob", "active"), line(":op!o@h KICK #room bob :out")]).isEmpty(at: 0))
    }

    @Test func ourOwnNickIsNeverShown() throws {
        #expect(try indicator([typing("me", "active"), typing("ME", "paused")], ownNick: "Me").isEmpty(at: 0))
    }

    @Test func nicksCompareWithoutCase() throws {
        #expect(try indicator([typing("Bob", "active"), line(":BOB!b@h PART #room")]).isEmpty(at: 0))
        #expect(try indicator([typing("bob", "active"), typing("BOB", "active")]).nicks(at: 0) == ["BOB"])
    }

    @Test func aTagmsgWithoutTypingOrWithAnUnknownStateChangesNothing() throws {
        let shown = try indicator([typing("bob", "active"), line("@+react=x :bob!b@h TAGMSG #room"), typing("bob", "sleepy"),
                               line(":carol!c@h TAGMSG #room")])
        #expect(shown.nicks(at: 0) == ["bob"])
    }

    @Test func typingInAPrivateConversationIsShownToo() throws {
        #expect(try indicator([typing("bob", "active", to: "me")]).text(at: 0) == "bob is typing…")
    }

    @Test func expireForgetsOnlyThoseWhoseTimeRanOut() throws {
        var shown = try indicator([typing("bob", "active")], clock: 0)
        try shown.apply(typing("carol", "paused"), ownNick: "me", clock: 1)
        #expect(shown.nextChange == 6)
        shown.expire(clock: 6)
        #expect(shown.nicks(at: 6) == ["carol"])
        #expect(shown.nextChange == 31)
        shown.expire(clock: 31)
        #expect(shown.nextChange == nil)
    }

    @Test func someoneWhoseTypingRanOutStartsOverAtTheEnd() throws {
        var shown = try indicator([typing("bob", "active"), typing("carol", "paused")], clock: 0)
        try shown.apply(typing("bob", "active"), ownNick: "me", clock: 10)
        #expect(shown.text(at: 10) == "carol and bob are typing…")
    }

    @Test func clearForgetsEveryone() throws {
        var shown = try indicator([typing("bob", "active"), typing("carol", "active")])
        shown.clear()
        #expect(shown.isEmpty(at: 0))
        #expect(shown.nextChange == nil)
    }

    @Test func linesWithoutASourceAreIgnored() throws {
        #expect(try indicator([line("@+typing=active TAGMSG #room")]).isEmpty(at: 0))
    }
}
