import Foundation
import Testing
import TestSupport

/// The per-file tables a newcomer reads first (design.md's "Files", README's "Files") against the tree.
@Suite struct DesignDocumentTests {
    /// The paths in the first column of the table under `heading` in `document`, in order.
    private static func tablePaths(in document: String, under heading: String) throws -> [String] {
        let lines = try Repository.text(document).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: Substring(heading)), "\(document) has no \(heading)")
        return lines[start...].dropFirst().drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
            .flatMap { row -> [String] in
                let first = row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().first ?? ""
                return first.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            }
    }

    /// Every file under `Sources/`, relative to the repository's root.
    private static func sourceFiles() throws -> [String] {
        let sources = try Repository.url("Sources").path
        return (FileManager.default.subpaths(atPath: sources) ?? []).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: sources + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
        }.map { "Sources/" + $0 }.sorted()
    }

    @Test func designNotesListEverySourceFileExactlyOnce() throws {
        let listed = try Self.tablePaths(in: "Resources/doc/design.md", under: "## Files")
        for file in try Self.sourceFiles() {
            let count = listed.filter { $0 == file }.count
            #expect(count == 1, "design.md's Files table lists \(file) \(count) times")
        }
    }

    @Test(arguments: [("Resources/doc/design.md", "## Files"), ("README.md", "## Files")])
    func aFilesTableNamesEachPathOnceAndOnlyPathsThatExist(document: String, heading: String) throws {
        let listed = try Self.tablePaths(in: document, under: heading)
        #expect(!listed.isEmpty)
        for path in Set(listed) {
            #expect(listed.filter { $0 == path }.count == 1, "\(document) lists \(path) more than once")
            #expect(FileManager.default.fileExists(atPath: try Repository.url(path).path),
                    "\(document) lists \(path), which does not exist")
        }
    }
}
