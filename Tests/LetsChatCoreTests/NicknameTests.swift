import LetsChatCore
import Testing

struct NicknameTests {
    @Test(arguments: ["alice", "Bob", "a", "[away]", "\\o", "`x", "_tmp", "^caret", "{brace}", "|pipe", "r2-d2", "z9"])
    func acceptsLettersDigitsAndSpecials(nick: String) {
        #expect(Nickname.isValid(nick))
    }

    @Test(arguments: ["", "9lives", "-dash", "two words", " alice", "alice ", "jos\u{E9}", "\u{C5}sa", "a.b", "a,b",
                      "a:b", "#room", "a*", "a!b", "a@b", "tab\tbed", "nul\u{0}"])
    func rejectsDigitsFirstSpacesPunctuationAndNonASCII(nick: String) {
        #expect(!Nickname.isValid(nick))
    }

    @Test func acceptsUpToTheLengthLimitAndNoMore() {
        #expect(Nickname.isValid(String(repeating: "n", count: Nickname.maxLength)))
        #expect(!Nickname.isValid(String(repeating: "n", count: Nickname.maxLength + 1)))
    }

    @Test func foldsASCIICaseSoDifferentlyCasedNicksCollide() {
        #expect(Nickname.folded("Alice") == Nickname.folded("aLICE"))
        #expect(Nickname.folded("BoB[Away]") == "bob[away]")
    }

    @Test func foldsOnlyASCIILetters() {
        #expect(Nickname.folded("[]\\^") == "[]\\^")
        #expect(Nickname.folded("\u{C9}T\u{C9}") == "\u{C9}t\u{C9}")
    }

    @Test func suggestsALoginNameThatIsAlreadyValid() {
        #expect(Nickname.suggestion(from: "alice") == "alice")
    }

    @Test func suggestsANickWithoutForbiddenCharacters() {
        #expect(Nickname.suggestion(from: "john.doe") == "johndoe")
        #expect(Nickname.suggestion(from: "Mary Ann") == "MaryAnn")
        #expect(Nickname.suggestion(from: "j\u{F6}rg") == "jrg")
    }

    @Test func suggestsANickThatDoesNotStartWithADigitOrDash() {
        #expect(Nickname.suggestion(from: "42-dave") == "dave")
        #expect(Nickname.suggestion(from: "-1x") == "x")
    }

    @Test func suggestsNothingWhenNothingUsableIsLeft() {
        #expect(Nickname.suggestion(from: "") == nil)
        #expect(Nickname.suggestion(from: "12345") == nil)
        #expect(Nickname.suggestion(from: "\u{5F35}\u{4E09}") == nil)
    }

    @Test func suggestsANickCutToTheLengthLimit() {
        let suggestion = Nickname.suggestion(from: "averyveryverylongloginnamefromadirectory")
        #expect(suggestion?.count == Nickname.maxLength)
        #expect(suggestion.map(Nickname.isValid) == true)
    }

    @Test(arguments: ["root", "x.y.z", "007bond", "  spaced  out ", "caf\u{E9}-au-lait", "__", "a-1"])
    func suggestsOnlyValidNicks(login: String) {
        if let suggestion = Nickname.suggestion(from: login) {
            #expect(Nickname.isValid(suggestion))
        }
    }

    @Test func lookAlikeNicknamesShareOneSkeleton() {
        #expect(Nickname.skeleton("bill") == Nickname.skeleton("Bi11"))
        #expect(Nickname.skeleton("bill") == Nickname.skeleton("BILL"))
        #expect(Nickname.skeleton("bob") == Nickname.skeleton("b0b"))
        #expect(Nickname.skeleton("mia") == Nickname.skeleton("rnia"))
        #expect(Nickname.skeleton("walt") == Nickname.skeleton("vvalt"))
    }

    @Test func differentNicknamesKeepDifferentSkeletons() {
        #expect(Nickname.skeleton("alice") != Nickname.skeleton("alicia"))
        #expect(Nickname.skeleton("nick1") != Nickname.skeleton("nick2"))
        #expect(Nickname.skeleton("bob") != Nickname.skeleton("rob"))
    }
}
