import Foundation
import LetsChatCore
import Testing
import TestSupport

/// Checks `DisplayWidth` against what tmux draws, for every emoji of `EmojiTable` and in the real client.
@Suite(.serialized) struct EmojiWidthTerminalTests {
    private static let tmuxReason: Comment =
        "tmux is not installed: install it to run the terminal width tests (with CI=true they fail instead)"
    private static let rowsPerScreen = 28
    private static let endMarker = "END-OF-EMOJI-BATCH"

    /// Whether a probe row shows `emoji` directly followed by the `|` that was put `DisplayWidth` columns
    /// from the left edge. tmux may keep only part of a long sequence (a tag flag), but never leaves a gap
    /// (the width was too large) or a blank where the glyph was (too small: the `|` overwrote it).
    private func barFollowsGlyph(_ row: Substring, _ emoji: String) -> Bool {
        var row = row
        while row.last == " " { row.removeLast() }
        guard row.last == "|" else { return false }
        let glyph = row.dropLast()
        return !glyph.isEmpty && glyph.last != " " && emoji.unicodeScalars.starts(with: glyph.unicodeScalars)
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func everyEmojiInTheTableTakesTheColumnsDisplayWidthSays() throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("letschat-emoji-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let entries = EmojiTable.entries
        var disagreements: [String] = []
        for start in stride(from: 0, to: entries.count, by: Self.rowsPerScreen) {
            let batch = entries[start..<min(start + Self.rowsPerScreen, entries.count)]
            // Each row: the emoji, back to column 0, right by DisplayWidth's count, then a bar.
            let probe = batch.map { "\($0.emoji)\r\u{1B}[\(DisplayWidth.of($0.emoji))C|\r\n" }.joined()
                + Self.endMarker + "\r\n"
            let file = folder.appendingPathComponent("batch-\(start).txt")
            try probe.write(to: file, atomically: true, encoding: .utf8)
            let session = "widths-\(start)"
            try tmux.start(session, columns: 100, rows: 30,
                           command: "env TERM=tmux-256color LANG=C.UTF-8 cat '\(file.path)'; exec sleep 60")
            let screen = try tmux.waitFor(session, toShow: Self.endMarker)
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            for (entry, row) in zip(batch, rows) where !barFollowsGlyph(row, entry.emoji) {
                let scalars = entry.emoji.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }
                disagreements.append(":\(entry.name): U+\(scalars.joined(separator: " U+")) counted "
                                     + "\(DisplayWidth.of(entry.emoji)), tmux drew \(row.debugDescription)")
            }
            try tmux.run(["kill-session", "-t", session])
        }
        let listed = disagreements.joined(separator: "\n")
        #expect(disagreements.isEmpty, "\(disagreements.count) emoji disagree:\n\(listed)")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func linesOfMixedEmojiCJKAndASCIIKeepTheSidebarBorderInOneColumn() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "Users (1)")
        let lines = [
            "plain ascii line",
            "hearts \u{2764}\u{FE0F} \u{2764} \u{2665}\u{FE0F} \u{2665} end",
            "thumbs \u{1F44D} \u{1F44D}\u{1F44D} \u{4E2D}\u{6587}\u{5B57} end",
            ":red_heart: :thumbs_up: :smiling_face: :flag_germany: :keycap_1: :snowflake: named",
            "\u{263A}\u{FE0F}\u{263A} \u{270C}\u{FE0F} \u{231A} \u{65E5}\u{672C} \u{1F1EF}\u{1F1F5} ok",
        ]
        for line in lines {
            try scene.tmux.send("alice", line)
        }
        try scene.tmux.type("alice", "tabbed :thumbs_u")
        try scene.tmux.press("alice", "Tab")
        try scene.tmux.waitFor("alice", toShow: "tabbed \u{1F44D}")
        try scene.tmux.press("alice", "Enter")
        let screen = try scene.tmux.waitFor("alice", toShow: "<alice> tabbed \u{1F44D}")
        let replaced = "\u{2764}\u{FE0F} \u{1F44D} \u{263A}\u{FE0F} \u{1F1E9}\u{1F1EA} "
            + "1\u{FE0F}\u{20E3} \u{2744}\u{FE0F} named"
        #expect(screen.contains("<alice> \(replaced)"), "short names were not replaced:\n\(screen)")
        // The 27 rows at the top, above the status bar and the typing row (the status bar has a `│` of its own).
        let bordered = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(27)
        #expect(bordered.allSatisfy { $0.contains("\u{2502}") }, "no sidebar border:\n\(screen)")
        let columns = bordered.map { DisplayWidth.of($0.prefix { $0 != "\u{2502}" }) }
        #expect(Set(columns).count == 1, "the border moves: columns \(columns) in\n\(screen)")
        for line in lines.filter({ !$0.contains(":") }) {
            #expect(screen.contains("<alice> \(line)"), "missing \(line)")
        }
    }
}
