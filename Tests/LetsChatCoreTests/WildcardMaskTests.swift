import LetsChatCore
import Testing

@Suite struct WildcardMaskTests {
    @Test func aStarMatchesAnyRunIncludingNone() {
        #expect(WildcardMask("cool*").matches("coolNick"))
        #expect(WildcardMask("cool*").matches("cool"))
        #expect(WildcardMask("*Nick").matches("coolnick"))
        #expect(WildcardMask("c*l*k").matches("coolNick"))
        #expect(!WildcardMask("cool*").matches("cold"))
    }

    @Test func aQuestionMarkMatchesExactlyOneCharacter() {
        #expect(WildcardMask("b?b").matches("bob"))
        #expect(!WildcardMask("b?b").matches("bb"))
        #expect(!WildcardMask("b?b").matches("boob"))
    }

    @Test func masksIgnoreASCIICaseAndMustMatchTheWholeText() {
        #expect(WildcardMask("COOLNICK").matches("coolnick"))
        #expect(!WildcardMask("cool").matches("coolnick"))
        #expect(WildcardMask("*").matches(""))
    }

    @Test func backtrackingFindsTheLaterMatch() {
        #expect(WildcardMask("*ab*ab").matches("xabyabzab"))
        #expect(!WildcardMask("*ab*abc").matches("xabyabzab"))
    }
}
