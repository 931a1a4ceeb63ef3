import LetsChatCore
import Testing

struct TextSanitizerTests {
    @Test func removesAWholeCSISequence() {
        #expect(TextSanitizer.clean("\u{1B}[31mred") == "red")
        #expect(TextSanitizer.clean("a\u{1B}[2J\u{1B}[1;1Hb\u{1B}[0m") == "ab")
        #expect(TextSanitizer.clean("\u{1B}[?1049hscreen") == "screen")
    }

    @Test func removesAnOSCTitleEndedByBEL() {
        #expect(TextSanitizer.clean("before\u{1B}]0;pwned title\u{07}after") == "beforeafter")
    }

    @Test func removesAnOSCTitleEndedByStringTerminator() {
        #expect(TextSanitizer.clean("before\u{1B}]2;pwned title\u{1B}\\after") == "beforeafter")
    }

    @Test func removesAnOSCHyperlinkButKeepsItsVisibleText() {
        let link = "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\"
        #expect(TextSanitizer.clean(link) == "click")
    }

    @Test func removesDeviceControlStrings() {
        #expect(TextSanitizer.clean("x\u{1B}P+q544e\u{1B}\\y") == "xy")
    }

    @Test func removesTwoCharacterEscapes() {
        #expect(TextSanitizer.clean("\u{1B}cclear\u{1B}7save") == "clearsave")
    }

    @Test func removesAnEscapeAtTheVeryEnd() {
        #expect(TextSanitizer.clean("text\u{1B}") == "text")
        #expect(TextSanitizer.clean("text\u{1B}[") == "text")
    }

    @Test func removesC1Controls() {
        #expect(TextSanitizer.clean("a\u{85}b\u{9B}c\u{9D}d\u{80}e\u{9F}f") == "abcdef")
    }

    @Test func removesNULDELAndOtherC0Controls() {
        #expect(TextSanitizer.clean("a\u{0}b\u{7F}c\u{07}d\u{08}e\r\nf\u{0B}\u{0C}g") == "abcdefg")
    }

    @Test func removesBidirectionalOverridesAndIsolates() {
        let text = "a\u{202A}b\u{202B}c\u{202C}d\u{202D}e\u{202E}f\u{2066}g\u{2067}h\u{2068}i\u{2069}j"
        #expect(TextSanitizer.clean(text) == "abcdefghij")
    }

    @Test func turnsTabsIntoSpaces() {
        #expect(TextSanitizer.clean("col1\tcol2") == "col1 col2")
    }

    @Test func keepsOrdinaryUnicodeText() {
        let text = "caf\u{E9} \u{4E2D}\u{6587} e\u{301} \u{1F642} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        #expect(TextSanitizer.clean(text) == text)
    }

    @Test func keepsIRCFormattingByDefault() {
        let text = "\u{02}bold\u{02} \u{03}04,12colour\u{03} \u{1D}it\u{1D} \u{1F}u\u{1F} \u{16}r\u{16} \u{1E}s\u{0F}"
        #expect(TextSanitizer.clean(text) == text)
    }

    @Test func dropsIRCFormattingWhenAskedTo() {
        #expect(TextSanitizer.clean("\u{02}bold\u{02} \u{1F}u\u{0F}", keepFormatting: false) == "bold u")
    }

    @Test func stripsFormattingCodesAndColourNumbers() {
        #expect(TextSanitizer.stripFormatting("\u{03}04,12text") == "text")
        #expect(TextSanitizer.stripFormatting("\u{03}4red\u{03} plain") == "red plain")
        let styled = "\u{02}bold\u{0F} \u{1D}italic\u{1D} \u{1F}under\u{1F}"
        #expect(TextSanitizer.stripFormatting(styled) == "bold italic under")
        #expect(TextSanitizer.stripFormatting("\u{16}rev\u{1E}strike\u{11}mono") == "revstrikemono")
    }

    @Test func keepsDigitsThatAreNotPartOfAColour() {
        #expect(TextSanitizer.stripFormatting("\u{03}04123") == "123")
        #expect(TextSanitizer.stripFormatting("\u{03}5,text") == ",text")
        #expect(TextSanitizer.stripFormatting("\u{03},5") == ",5")
        #expect(TextSanitizer.stripFormatting("\u{03}12,345") == "5")
    }

    @Test func stripsHexColours() {
        #expect(TextSanitizer.stripFormatting("\u{04}FF0000red") == "red")
        #expect(TextSanitizer.stripFormatting("\u{04}ff0000,00FF00both") == "both")
        #expect(TextSanitizer.stripFormatting("\u{04}reset") == "reset")
    }

    @Test func stripsCTCPDelimiters() {
        #expect(TextSanitizer.stripFormatting("\u{01}ACTION waves\u{01}") == "ACTION waves")
    }

    @Test func decodesInvalidUTF8AsReplacementCharacters() {
        #expect(TextSanitizer.decode([0x66, 0xFF, 0x6F]) == "f\u{FFFD}o")
        #expect(TextSanitizer.decode([0x61, 0xC3]) == "a\u{FFFD}")
        #expect(TextSanitizer.decode([0xC3, 0xA9, 0xED, 0xA0, 0x80]).hasPrefix("\u{E9}\u{FFFD}"))
        #expect(TextSanitizer.decode(Array("caf\u{E9}".utf8)) == "caf\u{E9}")
    }
}
