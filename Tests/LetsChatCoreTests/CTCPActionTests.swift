import LetsChatCore
import Testing

struct CTCPActionTests {
    @Test func anActionRoundTripsThroughWrapAndUnwrap() {
        #expect(CTCPAction.unwrap(CTCPAction.wrap("waves at bob")) == .action("waves at bob"))
    }

    @Test func anActionWithoutTheClosingMarkerIsStillAnAction() {
        #expect(CTCPAction.unwrap("\u{1}ACTION shrugs") == .action("shrugs"))
    }

    @Test func plainTextIsLeftAlone() {
        #expect(CTCPAction.unwrap("ACTION is a word here") == .plain("ACTION is a word here"))
    }

    @Test func anotherCTCPRequestIsNotShownAsText() {
        #expect(CTCPAction.unwrap("\u{1}VERSION\u{1}") == .otherCTCP)
    }

    @Test func theFramingCountsTheBytesWrapAdds() {
        #expect(CTCPAction.wrap("").utf8.count == CTCPAction.framingBytes)
    }
}
