import Foundation
import LetsChatCore
import LetsChatServer
import Testing
import TestSupport
@testable import TUI

/// End-to-end: a long paste from the real `letschat` against a server with default flood control.
@Suite struct ClientAppPasteTests {
    private static let tmuxReason: Comment =
        "tmux is not installed: install it to run the end-to-end tests (with CI=true they fail instead)"

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func twoHundredPastedLinesAllArriveInOrderAndTheSenderStaysConnected() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        let observer = try RawRoomClient(port: server.port, nick: "carol")
        defer { observer.close() }
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", "both in the user list") { $0.contains("│alice") && $0.contains("│carol") }

        let lines = (1...200).map { String(format: "paste line %03d", $0) }
        try scene.tmux.run(["set-buffer", "-b", "paste", lines.joined(separator: "\n") + "\n"])
        try scene.tmux.run(["paste-buffer", "-p", "-d", "-b", "paste", "-t", "alice"])
        try scene.tmux.waitFor("alice", toShow: "| paste line 200")
        try scene.tmux.press("alice", "Enter")
        try scene.tmux.waitFor("alice", "the status bar counting the lines sent") { $0.contains("sending ") && $0.contains("/200") }

        // Paced by LINERATE (15 at once, then 4.5 a second) this takes about 45 s; without the token
        // the client falls back to irssi's pace (one line every 2.2 s), which is slow but as safe.
        let seconds = observer.serverAdvertisesLineRate ? 120.0 : 600.0
        let received = try observer.messages(from: "alice", count: lines.count, seconds: seconds)
        #expect(received == lines)
        let screen = try scene.tmux.waitFor("alice", "the status bar to stop counting") { !$0.contains("sending ") }
        #expect(!screen.contains("Disconnected"), "the sender was dropped:\n\(screen)")
        #expect(!screen.contains("Reconnected"), "the sender was dropped:\n\(screen)")
        #expect(observer.quits.isEmpty, "the server dropped someone: \(observer.quits)")
    }
}
