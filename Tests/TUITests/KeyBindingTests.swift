import Foundation
import Testing
import TestSupport
@testable import TUI

@Suite struct KeyBindingTests {
    private var tableNames: [[String]] { KeyBinding.table.map(\.names) }

    @Test func noKeyIsBoundTwice() {
        let keys = KeyBinding.table.flatMap(\.keys)
        for key in keys { #expect(keys.filter { $0 == key }.count == 1, "\(key) is bound more than once") }
        let names = KeyBinding.table.flatMap(\.names)
        #expect(Set(names).count == names.count)
    }

    @Test func eachKeyDoesWhatItsRowSays() {
        for binding in KeyBinding.table {
            for key in binding.keys { #expect(KeyBinding.action(for: key) == binding.action) }
        }
        #expect(KeyBinding.action(for: .character("a")) == nil)
        #expect(KeyBinding.action(for: .pasteStart) == nil)
    }

    @Test func helpHasOneLinePerBindingWithItsKeysAndSummary() {
        let lines = KeyBinding.helpLines
        #expect(lines.count == KeyBinding.table.count)
        for (line, binding) in zip(lines, KeyBinding.table) {
            #expect(line.hasPrefix(binding.names.joined(separator: ", ")))
            #expect(line.hasSuffix(binding.summary))
        }
    }

    @Test func theReadmesKeyTableListsExactlyTheBindings() throws {
        let readme = try Repository.text("README.md")
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex(of: "| keys | what they do |"), "README has no key table")
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("| ") }
        let documented = rows.map { row in
            row.dropFirst(2).prefix { $0 != "|" }.trimmingCharacters(in: .whitespaces)
                .components(separatedBy: ", ")
        }
        #expect(documented == tableNames)
    }

    @Test func theManPagesKeysSectionListsExactlyTheBindings() throws {
        let page = try Repository.text("Resources/man/letschat.1")
        let lines = page.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: ".SH KEYS"), "the man page has no KEYS section")
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix(".SH ") }
        var documented: [[String]] = []
        for (index, line) in zip(section.indices, section) where line == ".TP" && index + 1 < section.endIndex {
            documented.append(Self.manNames(section[index + 1]))
        }
        #expect(documented == tableNames)
    }

    /// `.BR Left ", " Ctrl\-B` → `["Left", "Ctrl-B"]`; `.B "Wheel up"` → `["Wheel up"]`.
    private static func manNames(_ line: String) -> [String] {
        let body = line.hasPrefix(".BR ") ? line.dropFirst(4) : line.hasPrefix(".B ") ? line.dropFirst(3) : line[...]
        return body.replacingOccurrences(of: "\\-", with: "-").components(separatedBy: " \", \" ").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        }
    }
}
