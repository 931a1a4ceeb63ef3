import Testing
@testable import TUI

private let sample = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"

@Suite struct FingerprintTests {
    private static let hex = sample

    @Test func sixtyFourHexDigitsInAnyCaseBecomeUpperCase() throws {
        #expect(Fingerprint(Self.hex.lowercased())?.hex == Self.hex)
        #expect(Fingerprint(Self.hex)?.hex == Self.hex)
    }

    @Test func theColonFormParsesToTheSameFingerprint() throws {
        let colons = try #require(Fingerprint(Self.hex)).withColons
        #expect(colons.count == 95)
        #expect(colons.hasPrefix("01:23:45:67"))
        #expect(Fingerprint(colons) == Fingerprint(Self.hex))
        #expect(Fingerprint(colons.lowercased()) == Fingerprint(Self.hex))
    }

    @Test func opensslsPrefixAndSurroundingSpaceAreAccepted() throws {
        let colons = try #require(Fingerprint(Self.hex)).withColons
        #expect(Fingerprint("sha256 Fingerprint=\(colons)\n")?.hex == Self.hex)
        #expect(Fingerprint("  \(Self.hex)  ")?.hex == Self.hex)
    }

    @Test(arguments: ["", "0123", String(sample.dropLast()), sample + "0", String(sample.dropLast()) + "G",
                      "01:23" + String(sample.dropFirst(4)), "01::23"])
    func anythingButSixtyFourHexDigitsIsRefused(text: String) {
        #expect(Fingerprint(text) == nil)
    }
}
