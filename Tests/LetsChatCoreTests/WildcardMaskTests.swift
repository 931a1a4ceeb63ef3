import Testing
import LetsChatCore

@Suite struct WildcardMaskTests {
    @Test func starMatchesAnyRunIncludingNone() {
        let mask = WildcardMask("coolni*")
        #expect(mask.matches("coolNick"))
        #expect(mask.matches("coolni"))
        #expect(!mask.matches("cool"))
        #expect(!mask.matches("otherNick"))
    }

    @Test func questionMarkMatchesExactlyOneCharacter() {
        #expect(WildcardMask("b?b").matches("bob"))
        #expect(!WildcardMask("b?b").matches("bb"))
        #expect(!WildcardMask("b?b").matches("boob"))
    }

    @Test func lettersIgnoreASCIICase() {
        #expect(WildcardMask("COOL*").matches("coolnick"))
    }

    @Test func starsBacktrackInTheMiddle() {
        #expect(WildcardMask("*a*b").matches("xxaxxab"))
        #expect(!WildcardMask("*a*b").matches("xxaxxa"))
        #expect(WildcardMask("*").matches(""))
        #expect(!WildcardMask("").matches("a"))
    }

    @Test func knowsWhetherAPatternHasWildcards() {
        #expect(WildcardMask.hasWildcards("coolni*"))
        #expect(WildcardMask.hasWildcards("b?b"))
        #expect(!WildcardMask.hasWildcards("bob"))
    }
}
