import Foundation
import LetsChatCore
import Testing
import TestSupport

struct EmojiTableTests {
    @Test(arguments: [
        ("thumbs up", "thumbs_up"), ("red heart", "red_heart"), ("Thumbs  Up!!", "thumbs_up"),
        ("  flag: Germany ", "flag_germany"), ("A button (blood type)", "a_button_blood_type"),
        ("keycap: 1", "keycap_1"), ("o’clock", "o_clock"), ("", ""), (":-)", ""),
    ])
    func normalisingLowercasesAndTurnsEachRunOfOtherCharactersIntoOneUnderscore(name: String, expected: String) {
        #expect(EmojiTable.normalizedName(name) == expected)
    }

    @Test func everyNameInTheTableIsTypeableAndUnique() {
        #expect(EmojiTable.entries.count > 1_500)
        for entry in EmojiTable.entries {
            #expect(EmojiTable.normalizedName(entry.name) == entry.name, "not a short name: \(entry.name)")
            #expect(entry.name.allSatisfy { $0.isASCII }, "not ASCII: \(entry.name)")
        }
        #expect(Set(EmojiTable.entries.map(\.name)).count == EmojiTable.entries.count)
    }

    @Test func theTableHoldsFullyQualifiedEmojiWithoutSkinTonesOrJoinedSequences() {
        #expect(EmojiTable.emoji(named: "red_heart")?.unicodeScalars.map(\.value) == [0x2764, 0xFE0F])
        for entry in EmojiTable.entries {
            let scalars = entry.emoji.unicodeScalars.map(\.value)
            #expect(!scalars.contains(0x200D), "ZWJ sequence: \(entry.name)")
            #expect(!scalars.contains { (0x1F3FB...0x1F3FF).contains($0) }, "skin tone: \(entry.name)")
        }
    }

    @Test func aNameFindsItsEmojiOnlyWhenExact() {
        #expect(EmojiTable.emoji(named: "thumbs_up") == "\u{1F44D}")
        #expect(EmojiTable.emoji(named: "grinning_face") == "\u{1F600}")
        #expect(EmojiTable.emoji(named: "flag_germany") == "\u{1F1E9}\u{1F1EA}")
        #expect(EmojiTable.emoji(named: "thumbs") == nil)
        #expect(EmojiTable.emoji(named: "Thumbs_Up") == nil)
        #expect(EmojiTable.emoji(named: "") == nil)
    }

    @Test func searchOffersNamesThatStartWithTheWordFirstAndShorterNamesBeforeLongerOnes() {
        #expect(EmojiTable.matches("thu").prefix(2).map(\.name) == ["thumbs_up", "thumbs_down"])
        let hearts = EmojiTable.matches("heart").map(\.name)
        #expect(hearts.contains("red_heart"))
        let firstInner = hearts.firstIndex { !$0.hasPrefix("heart") } ?? hearts.endIndex
        #expect(firstInner > 0 && firstInner < hearts.endIndex)
        #expect(hearts[firstInner...].allSatisfy { !$0.hasPrefix("heart") && $0.contains("_heart") })
        let lengths = hearts[..<firstInner].map(\.count)
        #expect(lengths == lengths.sorted())
    }

    @Test func namesOfOneLengthKeepThePaletteOrder() {
        let palette = EmojiTable.entries.map(\.name)
        let found = EmojiTable.matches("face").map(\.name)
        for (first, second) in zip(found, found.dropFirst())
        where first.count == second.count && first.hasPrefix("face") == second.hasPrefix("face") {
            #expect(palette.firstIndex(of: first)! < palette.firstIndex(of: second)!, "\(first) before \(second)")
        }
    }

    @Test func searchNormalisesTheWordAndFindsNothingForPunctuation() {
        #expect(EmojiTable.matches("Thumbs Up").first?.name == "thumbs_up")
        #expect(EmojiTable.matches("::").isEmpty)
        #expect(EmojiTable.matches("zzzzzz").isEmpty)
    }

    @Test(arguments: [
        ("great :thumbs_up:", "great \u{1F44D}"),
        (":red_heart::red_heart: x", "\u{2764}\u{FE0F}\u{2764}\u{FE0F} x"),
        ("12::thumbs_up:", "12:\u{1F44D}"),
        ("meet at 12:30:45", "meet at 12:30:45"),
        (":nosuchname: stays", ":nosuchname: stays"),
        (":thumbs up: and :Thumbs_Up:", ":thumbs up: and :Thumbs_Up:"),
        ("half :thumbs_up", "half :thumbs_up"),
        ("::", "::"),
    ])
    func aWholeKnownShortNameBecomesItsEmojiAndAnythingElseStaysAsTyped(typed: String, sent: String) {
        #expect(EmojiTable.replacingShortNames(in: typed) == sent)
    }

    private static let sourcesPresent = ["/usr/share/unicode/cldr/common/annotations/en.xml",
                                         "/usr/share/unicode/emoji/emoji-test.txt"]
        .allSatisfy { FileManager.default.fileExists(atPath: $0) }

    private static let sourcesReason = Comment(rawValue: "unicode-cldr-core and unicode-data are not installed: "
        + "install them to check the emoji table (with CI=true this fails instead)")

    @Test(.enabled(if: sourcesPresent || ProcessInfo.processInfo.environment["CI"] == "true", sourcesReason))
    func theCommittedTableIsWhatTheGeneratorMakesFromTheInstalledCLDR() throws {
        let generator = Process()
        generator.executableURL = try Repository.url(".ci/generate-emoji-table")
        let output = Pipe()
        let errors = Pipe()
        generator.standardOutput = output
        generator.standardError = errors
        try generator.run()
        let generated = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0, "the generator failed: \(complaint)")
        let committed = try Data(contentsOf: try Repository.url("Sources/LetsChatCore/EmojiTable+Data.swift"))
        let command = ".ci/generate-emoji-table Sources/LetsChatCore/EmojiTable+Data.swift"
        #expect(generated == committed, "EmojiTable+Data.swift is stale: run \(command)")
    }
}
