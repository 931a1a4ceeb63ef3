import Testing
@testable import TUI

@Suite struct NickFallbackTests {
    private func tries(_ wanted: String, _ codes: [String]) -> [String?] {
        var fallback = NickFallback(wanted: wanted)
        return codes.map { fallback.next(afterRefusal: $0) }
    }

    @Test func aNameInUseGainsUnderscores() {
        #expect(tries("alice", ["433", "433", "433"]) == ["alice_", "alice__", "alice___"])
    }

    @Test func aLongNameRefusedAsErroneousIsCutToNineCharacters() {
        #expect(tries("averylongnickname", ["432"]) == ["averylong"])
    }

    @Test func underscoresThatMakeANameTooLongAreFittedIntoNineCharacters() {
        // ngIRCd: "ninechars" in use, "ninechars_" too long.
        #expect(tries("ninechars", ["433", "432", "433"]) == ["ninechars_", "ninechar_", "ninecha__"])
    }

    @Test func aShortNameRefusedAsErroneousBecomesGuest() {
        #expect(tries("NickServ", ["432", "433"]) == ["guest", "guest_"])
    }

    @Test func givesUpInsteadOfLoopingForever() {
        let answers = tries("alice", Array(repeating: "433", count: NickFallback.maxAttempts + 1))
        #expect(answers.last == .some(nil))
        #expect(tries("guest", ["432"]) == [nil])
    }
}
