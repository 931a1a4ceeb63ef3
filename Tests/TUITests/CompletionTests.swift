import LetsChatCore
import Testing
@testable import TUI

@Suite struct CompletionTests {
    private let nicks = ["alice", "Alan", "bob"]
    private let commands = SlashCommand.names

    private func typed(_ text: String, cursor: Int? = nil) -> InputLine {
        var input = InputLine()
        input.replace(text: text, cursor: cursor ?? text.count)
        return input
    }

    @Test func aNickAtTheStartOfTheLineCompletesWithAColon() {
        var completion = Completion()
        var input = typed("bo")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "bob: ")
        #expect(input.cursor == 5)
    }

    @Test func aNickLaterInTheLineCompletesWithASpace() {
        var completion = Completion()
        var input = typed("hi bo")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "hi bob ")
    }

    @Test func matchingIgnoresCase() {
        var completion = Completion()
        var input = typed("BO")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "bob: ")
    }

    @Test func repeatedTabCyclesThroughCandidatesInTheGivenOrderAndWraps() {
        var completion = Completion()
        var input = typed("al")
        var seen: [String] = []
        for _ in 0..<3 {
            #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
            seen.append(input.text)
        }
        #expect(seen == ["alice: ", "Alan: ", "alice: "])
    }

    @Test func theMostRecentSpeakerIsOfferedFirst() {
        var completion = Completion()
        var input = typed("al")
        #expect(completion.complete(&input, nicks: ["Alan", "alice"], commands: commands) == true)
        #expect(input.text == "Alan: ")
    }

    @Test func aSlashWordAtTheStartCompletesCommands() {
        var completion = Completion()
        var input = typed("/to")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "/topic ")
    }

    @Test func commandsMatchIgnoringCaseWithOrWithoutTheirSlash() {
        var completion = Completion()
        var input = typed("/Q")
        #expect(completion.complete(&input, nicks: nicks, commands: ["quit"]) == true)
        #expect(input.text == "/quit ")
    }

    @Test func aSlashWordLaterInTheLineIsNotACommand() {
        var completion = Completion()
        var input = typed("see /qu")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == false)
        #expect(input.text == "see /qu")
    }

    @Test func nothingMatchingLeavesTheLineAlone() {
        var completion = Completion()
        var input = typed("zed")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == false)
        #expect(input.text == "zed")
        var empty = typed("hi ")
        #expect(completion.complete(&empty, nicks: nicks, commands: commands) == false)
    }

    @Test func completesTheWordBeforeTheCursorAndKeepsWhatFollows() {
        var completion = Completion()
        var input = typed("al how are you", cursor: 2)
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "alice: how are you")
        #expect(input.cursor == 6)
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "Alan: how are you")
    }

    @Test func editingTheLineStartsAFreshCompletion() {
        var completion = Completion()
        var input = typed("al")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(completion.isCycling)
        input.insert("hi b")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "alice: hi bob ")
    }

    @Test func resetEndsTheCycle() {
        var completion = Completion()
        var input = typed("al")
        _ = completion.complete(&input, nicks: nicks, commands: commands)
        completion.reset()
        #expect(!completion.isCycling)
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == false)
    }

    @Test func aNickListedTwiceIsOfferedOnce() {
        #expect(Completion.candidates(for: "b", atLineStart: false, nicks: ["bob", "Bob"], commands: []) == ["bob "])
    }

    @Test func aColonWordCompletesToAnEmojiAndTabCyclesThroughTheMatchesInSearchOrder() {
        var completion = Completion()
        var input = typed("great :thu")
        var seen: [String] = []
        let matches = EmojiTable.matches("thu")
        for _ in 0...matches.count {
            #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
            seen.append(input.text)
        }
        #expect(seen.prefix(2) == ["great \u{1F44D} ", "great \u{1F44E} "])
        #expect(seen.dropLast() == matches.map { "great \($0.emoji) " })
        #expect(seen.last == seen.first, "the cycle wraps around")
    }

    @Test func aClosedNameCompletesToJustItsEmojiKeepingTheRestOfTheLine() {
        var completion = Completion()
        var input = typed(":Thumbs_Up: nice", cursor: 11)
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "\u{1F44D} nice")
        #expect(input.cursor == 1)
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == true)
        #expect(input.text == "\u{1F44D} nice")
    }

    @Test(arguments: [":-)", ":", ":nosuchemojiname", ":thumbs:"])
    func aColonWordThatNamesNoEmojiLeavesTheLineAlone(word: String) {
        var completion = Completion()
        var input = typed("hi \(word)")
        #expect(completion.complete(&input, nicks: nicks, commands: commands) == false)
        #expect(input.text == "hi \(word)")
    }
}
