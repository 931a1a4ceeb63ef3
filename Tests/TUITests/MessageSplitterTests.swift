import Testing
@testable import TUI

@Suite struct MessageSplitterTests {
    @Test func aShortMessageStaysWhole() {
        #expect(MessageSplitter.split("hello bob", maxBytes: 20) == ["hello bob"])
        #expect(MessageSplitter.split("", maxBytes: 20) == [""])
    }

    @Test func aLongMessageBreaksAtTheLastSpaceThatFits() {
        #expect(MessageSplitter.split("one two three four", maxBytes: 9) == ["one two", "three", "four"])
    }

    @Test func aWordLongerThanTheBudgetBreaksBetweenCharacters() {
        #expect(MessageSplitter.split("abcdefghij", maxBytes: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func aMultiByteCharacterIsNeverSplit() {
        let pieces = MessageSplitter.split("日本語🙂é", maxBytes: 7)
        #expect(pieces == ["日本", "語🙂", "é"])
        #expect(pieces.allSatisfy { $0.utf8.count <= 7 })
    }

    @Test func everyPieceFitsAndNothingIsLost() {
        let text = (0..<300).map { "wörd\($0)" }.joined(separator: " ")
        let pieces = MessageSplitter.split(text, maxBytes: 100)
        #expect(pieces.allSatisfy { $0.utf8.count <= 100 })
        #expect(pieces.joined(separator: " ") == text)
    }

    @Test func theBudgetLeavesRoomForTheRelayedPrefix() {
        let budget = MessageSplitter.budget(nick: "alice", target: "#letschat")
        let relayed = ":alice!~alice@" + String(repeating: "h", count: 63) + " PRIVMSG #letschat :"
            + String(repeating: "x", count: budget) + "\r\n"
        #expect(relayed.utf8.count == 512)
    }
}
