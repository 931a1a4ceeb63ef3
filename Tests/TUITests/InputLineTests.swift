import LetsChatCore
import Testing
@testable import TUI

@Suite struct InputLineTests {
    private func line(_ text: String, cursor: Int? = nil) -> InputLine {
        var input = InputLine()
        input.insert(text)
        if let cursor { input.replace(text: text, cursor: cursor) }
        return input
    }

    private func applying(_ edits: InputLine.Edit..., to start: InputLine) -> InputLine {
        var input = start
        for edit in edits { input.apply(edit) }
        return input
    }

    @Test func insertsTypedCharactersAtTheCursor() {
        var input = line("held", cursor: 3)
        input.insert("l")
        #expect(input.text == "helld")
        #expect(input.cursor == 4)
    }

    @Test func leftAndRightMoveOneCharacterWithinTheLine() {
        let input = line("ab")
        #expect(applying(.left, to: input).cursor == 1)
        #expect(applying(.left, .left, .left, to: input).cursor == 0)
        #expect(applying(.right, to: input).cursor == 2)
        #expect(applying(.left, .left, .right, to: input).cursor == 1)
    }

    @Test func startAndEndJumpToTheEnds() {
        let input = line("hello", cursor: 2)
        #expect(applying(.start, to: input).cursor == 0)
        #expect(applying(.end, to: input).cursor == 5)
    }

    @Test func wordBackAndForwardMoveByWords() {
        let input = line("one two  three")
        #expect(applying(.wordBack, to: input).cursor == 9)
        #expect(applying(.wordBack, .wordBack, to: input).cursor == 4)
        let atStart = applying(.start, to: input)
        #expect(applying(.wordForward, to: atStart).cursor == 3)
        #expect(applying(.wordForward, .wordForward, to: atStart).cursor == 7)
    }

    @Test func backspaceDeletesTheCharacterBeforeTheCursor() {
        let input = applying(.deleteBefore, to: line("abc", cursor: 2))
        #expect(input.text == "ac")
        #expect(input.cursor == 1)
        #expect(applying(.deleteBefore, to: line("abc", cursor: 0)).text == "abc")
        #expect(applying(.deleteBefore, to: line("abc")).text == "ab")
    }

    @Test func deleteRemovesTheCharacterUnderTheCursor() {
        let input = applying(.deleteUnder, to: line("abc", cursor: 1))
        #expect(input.text == "ac")
        #expect(input.cursor == 1)
        #expect(applying(.deleteUnder, to: line("abc")).text == "abc")
    }

    @Test func killWordBeforeCutsTheWordBeforeTheCursor() {
        let once = applying(.killWordBefore, to: line("hello big world"))
        #expect(once.text == "hello big ")
        #expect(applying(.killWordBefore, to: once).text == "hello ")
        let middle = applying(.killWordBefore, to: line("hello big world", cursor: 8))
        #expect(middle.text == "hello g world")
        #expect(middle.cursor == 6)
    }

    @Test func killWordAfterCutsTheWordAfterTheCursor() {
        let input = applying(.killWordAfter, to: line("hello big world", cursor: 5))
        #expect(input.text == "hello world")
        #expect(input.cursor == 5)
    }

    @Test func killToEndAndKillToStartCutTheirSide() {
        #expect(applying(.killToEnd, to: line("hello world", cursor: 5)).text == "hello")
        let killedStart = applying(.killToStart, to: line("hello world", cursor: 6))
        #expect(killedStart.text == "world")
        #expect(killedStart.cursor == 0)
    }

    @Test func yankInsertsTheLastCut() {
        let input = applying(.killWordBefore, .start, .yank, .yank, to: line("say hello"))
        #expect(input.text == "hellohellosay ")
        #expect(input.cursor == 10)
    }

    @Test func submitReturnsTheTextRemembersItAndClears() {
        var input = line("hi there")
        #expect(input.submit() == "hi there")
        #expect(input.isEmpty)
        #expect(input.cursor == 0)
        #expect(input.history == ["hi there"])
    }

    @Test func submitLeavesBlankAndRepeatedLinesOutOfHistory() {
        var input = InputLine()
        for text in ["a", "a", "   ", "", "b"] {
            input.insert(text)
            _ = input.submit()
        }
        #expect(input.history == ["a", "b"])
    }

    @Test func historyKeepsOnlyTheNewestEntries() {
        var input = InputLine(historyLimit: 2)
        for text in ["1", "2", "3"] {
            input.insert(text)
            _ = input.submit()
        }
        #expect(input.history == ["2", "3"])
    }

    @Test func olderAndNewerWalkTheHistory() {
        var input = InputLine()
        for text in ["first", "second"] {
            input.insert(text)
            _ = input.submit()
        }
        input = applying(.older, to: input)
        #expect(input.text == "second")
        #expect(input.cursor == 6)
        input = applying(.older, .older, to: input)
        #expect(input.text == "first")
        #expect(applying(.newer, to: input).text == "second")
        #expect(applying(.newer, to: input).text == "second")
    }

    @Test func comingBackDownRestoresTheDraft() {
        var input = InputLine()
        input.insert("sent")
        _ = input.submit()
        input.insert("half-typed")
        input = applying(.older, to: input)
        #expect(input.text == "sent")
        input = applying(.newer, to: input)
        #expect(input.text == "half-typed")
        #expect(applying(.newer, to: input).text == "half-typed")
    }

    @Test func olderWithoutHistoryKeepsTheLine() {
        #expect(applying(.older, to: line("draft")).text == "draft")
    }

    @Test func insertFlattensLineBreaksAndDropsControlCharacters() {
        #expect(line("a\nb\t\u{1b}[31mc\u{7}").text == "a b c")
    }

    @Test func aShortLineIsShownWhole() {
        let view = line("hello", cursor: 2).view(width: 10)
        #expect(view.text == "hello")
        #expect(view.cursorColumn == 2)
    }

    @Test func theViewJumpsByHalfItsWidthSoTheTextDoesNotSlideOnEveryKey() {
        let input = line("abcdefghijklmnop")
        #expect(input.view(width: 10).text == "klmnop")
        #expect(input.view(width: 10).cursorColumn == 6)
        #expect(applying(.left, to: input).view(width: 10).text == "klmnop")
        #expect(line("abcdefghijklmnop", cursor: 0).view(width: 10).text == "abcdefghij")
    }

    @Test func theCursorIsAlwaysVisibleAndWideCharactersAreNeverSplit() {
        let texts = ["日本語のテキストとenglish", "a🙂b🙂c🙂d🙂e🙂f", "plain ascii text that is long", "日"]
        for text in texts {
            let characters = Array(text)
            for width in 1...12 {
                for cursor in 0...characters.count {
                    let view = line(text, cursor: cursor).view(width: width)
                    #expect(DisplayWidth.of(view.text) <= width)
                    #expect(view.cursorColumn >= 0 && view.cursorColumn < width)
                    let shown = Array(view.text)
                    let start = (0...characters.count).first { start in
                        start + shown.count <= characters.count
                            && Array(characters[start..<(start + shown.count)]) == shown
                            && start <= cursor && cursor <= start + shown.count
                            && DisplayWidth.of(String(characters[start..<cursor])) == view.cursorColumn
                    }
                    #expect(start != nil, "\(text) width \(width) cursor \(cursor)")
                }
            }
        }
    }

    @Test func aZeroWidthViewIsEmpty() {
        let view = line("abc").view(width: 0)
        #expect(view.text == "")
        #expect(view.cursorColumn == 0)
    }
}
