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

    private func applying(_ keys: Key..., to start: InputLine) -> InputLine {
        var input = start
        for key in keys { _ = input.apply(key) }
        return input
    }

    @Test func insertsTypedCharactersAtTheCursor() {
        var input = line("held", cursor: 3)
        #expect(input.apply(.character("l")) == true)
        #expect(input.text == "helld")
        #expect(input.cursor == 4)
    }

    @Test func leftAndRightMoveOneCharacterWithinTheLine() {
        let input = line("ab")
        #expect(applying(.left, to: input).cursor == 1)
        #expect(applying(.left, .left, .left, to: input).cursor == 0)
        #expect(applying(.right, to: input).cursor == 2)
        #expect(applying(.ctrl("b"), .ctrl("b"), .ctrl("f"), to: input).cursor == 1)
    }

    @Test func homeEndAndCtrlAEJumpToTheEnds() {
        let input = line("hello", cursor: 2)
        #expect(applying(.ctrl("a"), to: input).cursor == 0)
        #expect(applying(.home, to: input).cursor == 0)
        #expect(applying(.ctrl("e"), to: input).cursor == 5)
        #expect(applying(.end, to: input).cursor == 5)
    }

    @Test func altBAndAltFMoveByWords() {
        let input = line("one two  three")
        #expect(applying(.alt("b"), to: input).cursor == 9)
        #expect(applying(.alt("b"), .alt("b"), to: input).cursor == 4)
        let atStart = applying(.home, to: input)
        #expect(applying(.alt("f"), to: atStart).cursor == 3)
        #expect(applying(.alt("f"), .alt("f"), to: atStart).cursor == 7)
    }

    @Test func backspaceDeletesTheCharacterBeforeTheCursor() {
        let input = applying(.backspace, to: line("abc", cursor: 2))
        #expect(input.text == "ac")
        #expect(input.cursor == 1)
        #expect(applying(.backspace, to: line("abc", cursor: 0)).text == "abc")
        #expect(applying(.ctrl("h"), to: line("abc")).text == "ab")
    }

    @Test func deleteRemovesTheCharacterUnderTheCursor() {
        let input = applying(.delete, to: line("abc", cursor: 1))
        #expect(input.text == "ac")
        #expect(input.cursor == 1)
        #expect(applying(.delete, to: line("abc")).text == "abc")
    }

    @Test func ctrlDDeletesLikeDeleteWhileTheLineHasText() {
        var input = line("abc", cursor: 0)
        #expect(input.apply(.ctrl("d")) == true)
        #expect(input.text == "bc")
    }

    @Test func ctrlDOnAnEmptyLineIsLeftToTheCaller() {
        var input = InputLine()
        #expect(input.apply(.ctrl("d")) == false)
    }

    @Test func ctrlWKillsTheWordBeforeTheCursor() {
        let once = applying(.ctrl("w"), to: line("hello big world"))
        #expect(once.text == "hello big ")
        #expect(applying(.ctrl("w"), to: once).text == "hello ")
        let middle = applying(.ctrl("w"), to: line("hello big world", cursor: 8))
        #expect(middle.text == "hello g world")
        #expect(middle.cursor == 6)
    }

    @Test func altDKillsTheWordAfterTheCursor() {
        let input = applying(.alt("d"), to: line("hello big world", cursor: 5))
        #expect(input.text == "hello world")
        #expect(input.cursor == 5)
    }

    @Test func ctrlKKillsToTheEndAndCtrlUToTheStart() {
        #expect(applying(.ctrl("k"), to: line("hello world", cursor: 5)).text == "hello")
        let killedStart = applying(.ctrl("u"), to: line("hello world", cursor: 6))
        #expect(killedStart.text == "world")
        #expect(killedStart.cursor == 0)
    }

    @Test func ctrlYYanksTheLastKill() {
        let input = applying(.ctrl("w"), .home, .ctrl("y"), .ctrl("y"), to: line("say hello"))
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

    @Test func upAndDownWalkTheHistory() {
        var input = InputLine()
        for text in ["first", "second"] {
            input.insert(text)
            _ = input.submit()
        }
        input = applying(.up, to: input)
        #expect(input.text == "second")
        #expect(input.cursor == 6)
        input = applying(.up, .up, to: input)
        #expect(input.text == "first")
        #expect(applying(.down, to: input).text == "second")
        #expect(applying(.ctrl("n"), to: input).text == "second")
    }

    @Test func comingBackDownRestoresTheDraft() {
        var input = InputLine()
        input.insert("sent")
        _ = input.submit()
        input.insert("half-typed")
        input = applying(.up, to: input)
        #expect(input.text == "sent")
        input = applying(.down, to: input)
        #expect(input.text == "half-typed")
        #expect(applying(.down, to: input).text == "half-typed")
    }

    @Test func upWithoutHistoryKeepsTheLine() {
        #expect(applying(.up, to: line("draft")).text == "draft")
    }

    @Test func keysForOthersAreNotHandled() {
        var input = line("x")
        for key in [Key.enter, .tab, .pageUp, .pageDown, .resize, .mouseWheelUp, .ctrl("l"), .unknown] {
            #expect(input.apply(key) == false)
        }
        #expect(input.text == "x")
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
