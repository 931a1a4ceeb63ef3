import Testing
@testable import TUI

@Suite struct NickFallbackTests {
    @Test func aNickInUseGetsUnderscoresAppended() {
        var fallback = NickFallback(wanted: "alice")
        #expect(fallback.next(after: "433") == "alice_")
        #expect(fallback.next(after: "433") == "alice__")
    }

    @Test func aTakenNickTooLongForTheServerIsCutToNineCharacters() {
        var fallback = NickFallback(wanted: "ninechars")
        #expect(fallback.next(after: "433") == "ninechars_")
        #expect(fallback.next(after: "432") == "ninechar_")
        #expect(fallback.next(after: "433") == "ninecha__")
    }

    @Test func aShortNickRefusedAsErroneousBecomesGuest() {
        var fallback = NickFallback(wanted: "bob")
        #expect(fallback.next(after: "432") == "guest")
        #expect(fallback.next(after: "433") == "guest_")
    }

    @Test func aLongNickKeepsWithinTheLengthLimit() {
        var fallback = NickFallback(wanted: String(repeating: "a", count: 30))
        #expect(fallback.next(after: "433") == String(repeating: "a", count: 29) + "_")
    }

    @Test func theFallbackGivesUpAfterTheLimit() {
        var fallback = NickFallback(wanted: "alice")
        let tried = (0..<20).map { _ in fallback.next(after: "433") }
        #expect(tried.prefix(NickFallback.limit).allSatisfy { $0 != nil })
        #expect(tried.dropFirst(NickFallback.limit).allSatisfy { $0 == nil })
        #expect(Set(tried.compactMap { $0 }).count == NickFallback.limit)
    }

    @Test func theFallbackGivesUpWhenNothingNewIsLeft() {
        var fallback = NickFallback(wanted: "bob")
        #expect(fallback.next(after: "432") == "guest")
        #expect(fallback.next(after: "432") == nil)
    }
}
