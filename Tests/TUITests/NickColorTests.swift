import Testing
@testable import TUI

@Suite struct NickColorTests {
    @Test func aNickGetsTheSameColourOnEveryRun() {
        // FNV-1a of the folded nick, worked out by hand: these must never change between releases.
        #expect(NickColor.index(for: "alice") == 9)
        #expect(NickColor.index(for: "bob") == 4)
        #expect(NickColor.index(for: "carol") == 2)
    }

    @Test func caseDoesNotChangeTheColour() {
        #expect(NickColor.index(for: "Alice") == NickColor.index(for: "aLICE"))
    }

    @Test func thePaletteLeavesOutGreen() {
        #expect(!NickColor.palette.contains(NickColor.ownColor))
        #expect(!NickColor.palette.contains(NickColor.ownColor + 8))
    }

    @Test func nicksSpreadOverThePalette() {
        let indexes = (0..<200).map { NickColor.index(for: "user\($0)") }
        #expect(indexes.allSatisfy { NickColor.palette.indices.contains($0) })
        #expect(Set(indexes).count == NickColor.palette.count)
    }

    @Test func brightColoursFoldToPlainOnEightColourTerminals() {
        let bright = NickColor.palette.firstIndex(of: 12)!
        #expect(NickColor.terminalColor(index: bright, availableColors: 256) == 12)
        #expect(NickColor.terminalColor(index: bright, availableColors: 8) == 4)
        #expect((0..<NickColor.palette.count).allSatisfy {
            NickColor.terminalColor(index: $0, availableColors: 8) != NickColor.ownColor
        })
    }
}
