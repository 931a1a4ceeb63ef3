import LetsChatCore
import Testing
@testable import TUI

@Suite struct LineWrapperTests {
    @Test func emptyTextGivesOneEmptyRow() {
        #expect(LineWrapper.wrap("", width: 10) == [""])
    }

    @Test func shortTextStaysOnOneRow() {
        #expect(LineWrapper.wrap("hello", width: 10) == ["hello"])
    }

    @Test func breaksAfterTheLastSpaceThatFits() {
        #expect(LineWrapper.wrap("hello world again", width: 11) == ["hello world", "again"])
        #expect(LineWrapper.wrap("hello world", width: 8) == ["hello", "world"])
    }

    @Test func dropsTheSpacesAtABreak() {
        #expect(LineWrapper.wrap("aaa bbb", width: 3) == ["aaa", "bbb"])
        #expect(LineWrapper.wrap("aaa      bbb", width: 3) == ["aaa", "bbb"])
    }

    @Test func hardBreaksAWordLongerThanTheRow() {
        #expect(LineWrapper.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(LineWrapper.wrap("hi abcdefghij", width: 4) == ["hi", "abcd", "efgh", "ij"])
    }

    @Test func countsWideCharactersAsTwoColumns() {
        #expect(LineWrapper.wrap("日本語テキスト", width: 5) == ["日本", "語テ", "キス", "ト"])
        #expect(LineWrapper.wrap("🙂🙂🙂", width: 3) == ["🙂", "🙂", "🙂"])
    }

    @Test func neverSplitsAWideCharacter() {
        #expect(LineWrapper.wrap("a日本", width: 2) == ["a", "日", "本"])
    }

    @Test func keepsCombiningMarksWithTheirBase() {
        let accented = String(repeating: "e\u{301}", count: 5)
        let rows = LineWrapper.wrap(accented, width: 2)
        #expect(rows == ["e\u{301}e\u{301}", "e\u{301}e\u{301}", "e\u{301}"])
        #expect(rows.allSatisfy { $0.unicodeScalars.first == "e" })
    }

    @Test func showsACharacterWiderThanTheRowAsAQuestionMark() {
        #expect(LineWrapper.wrap("a日b", width: 1) == ["a", "?", "b"])
    }

    @Test func worksAtWidthOne() {
        #expect(LineWrapper.wrap("ab c", width: 1) == ["a", "b", "c"])
    }

    @Test func treatsWidthBelowOneAsOne() {
        #expect(LineWrapper.wrap("ab", width: 0) == ["a", "b"])
    }

    @Test func startsANewRowAtALineFeed() {
        #expect(LineWrapper.wrap("one\ntwo", width: 10) == ["one", "two"])
    }

    @Test(arguments: 1...12)
    func neverMakesARowWiderThanTheWidth(width: Int) {
        let samples = ["the quick brown fox jumps over the lazy dog", "日本語 のテキスト と english mixed",
                       "👍🏽 👨‍👩‍👧 🙂🙂 e\u{301}e\u{301} supercalifragilistic", "   leading and trailing   "]
        for sample in samples {
            let rows = LineWrapper.wrap(sample, width: width)
            #expect(rows.allSatisfy { DisplayWidth.of($0) <= width }, "\(sample) at \(width)")
            let kept = rows.joined().filter { $0 != " " && $0 != "?" }
            #expect(kept.count <= sample.filter { $0 != " " }.count)
        }
    }

    @Test func keepsEveryNonSpaceCharacterWhenNothingIsTooWide() {
        let text = "the quick brown fox jumps over the lazy dog"
        for width in 1...20 {
            #expect(LineWrapper.wrap(text, width: width).joined().filter { $0 != " " } == text.filter { $0 != " " })
        }
    }

    @Test func truncateCutsWithAnEllipsis() {
        #expect(LineWrapper.truncate("abcdef", width: 4) == "abc…")
        #expect(LineWrapper.truncate("abc", width: 3) == "abc")
        #expect(LineWrapper.truncate("日本語", width: 4) == "日…")
        #expect(LineWrapper.truncate("abc", width: 0) == "")
    }
}
