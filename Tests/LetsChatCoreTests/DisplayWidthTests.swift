import LetsChatCore
import Testing

// Expected values were checked against glibc 2.36 `wcwidth`/`wcswidth` in C.UTF-8.
struct DisplayWidthTests {
    @Test func countsOneColumnPerASCIICharacter() {
        #expect(DisplayWidth.of("hello, world") == 12)
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of(Unicode.Scalar("~")) == 1)
    }

    @Test func countsTwoColumnsForCJKAndHangul() {
        #expect(DisplayWidth.of("\u{4E2D}\u{6587}") == 4)
        #expect(DisplayWidth.of("\u{D55C}\u{AE00}") == 4)
        #expect(DisplayWidth.of("\u{3042}") == 2)
        #expect(DisplayWidth.of("\u{FF21}") == 2)
    }

    @Test func countsNoColumnsForACombiningAcute() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
    }

    @Test func countsALetterWithACombiningAcuteAsOneColumn() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("caf\u{E9} cafe\u{301}") == 9)
    }

    @Test func countsTwoColumnsForAnEmoji() {
        #expect(DisplayWidth.of("\u{1F642}") == 2)
        #expect(DisplayWidth.of("ok \u{1F44D}") == 5)
    }

    @Test func sumsAZeroWidthJoinerFamilyAsGlibcDoes() {
        #expect(DisplayWidth.of("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}") == 6)
    }

    @Test func countsNoColumnsForZeroWidthFormatCharacters() {
        #expect(DisplayWidth.of("a\u{200B}b\u{200D}c\u{FEFF}") == 3)
        #expect(DisplayWidth.of("\u{FE0F}") == 0)
    }

    @Test func countsNoColumnsForControls() {
        #expect(DisplayWidth.of("\u{0}\u{7}\u{1B}\u{7F}\u{85}") == 0)
    }

    @Test func countsOneColumnForLatinGreekAndCyrillic() {
        #expect(DisplayWidth.of("\u{E9}\u{3B1}\u{436}\u{A0}") == 4)
    }

    @Test func countsSubstringsLikeStrings() {
        let text = "ab\u{4E2D}cd"
        #expect(DisplayWidth.of(text.dropFirst(2)) == 4)
    }

    // Measured in tmux 3.3 by EmojiWidthTerminalTests, which checks every emoji of EmojiTable this way.
    @Test(arguments: [
        ("\u{2764}\u{FE0F}", 1), ("\u{2764}", 1), ("\u{263A}\u{FE0F}", 1), ("\u{1F44D}", 2), ("\u{231A}", 2),
        ("1\u{FE0F}\u{20E3}", 1), ("\u{1F1E9}\u{1F1EA}", 2),
        ("\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", 2),
    ])
    func countsEmojiAsTheTerminalDrawsThemNotAsTheirIdealWidth(emoji: String, columns: Int) {
        #expect(DisplayWidth.of(emoji) == columns)
    }
}
