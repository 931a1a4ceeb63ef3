import Foundation
import Testing
import TestSupport

/// End-to-end: the real `letschat` binary in tmux, against a stand-in server that relays IRCv3 tags,
/// tells the room when its user types and shows who else is typing on the row above the input line.
@Suite(.serialized) struct ClientAppTypingTests {
    private static let tmuxReason: Comment =
        "tmux is not installed: install it to run the end-to-end tests (with CI=true they fail instead)"

    private func rows(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func typingIsAnnouncedAndBobsTypingShowsAboveTheInputLine() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try TaggingServer()
        defer { server.stop() }
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "Users (2)")
        #expect(server.lines.contains("CAP REQ :server-time message-tags"))

        try scene.tmux.type("alice", "hel")
        try server.waitFor("@+typing=active TAGMSG #letschat")
        try server.say("@+typing=active :bob!bob@127.0.0.1 TAGMSG #letschat")
        let screen = rows(try scene.tmux.waitFor("alice", toShow: "bob is typing…"))
        #expect(screen[28].hasPrefix("bob is typing…"), "the typing row is right above the input line:\n\(screen)")
        #expect(screen[29].hasPrefix("[alice] hel"))
        #expect(screen[27].contains("#letschat"), "the status bar sits above the typing row:\n\(screen)")

        try scene.tmux.press("alice", "C-u")
        try server.waitFor("@+typing=done TAGMSG #letschat")
        try server.say(":bob!bob@127.0.0.1 PRIVMSG #letschat :hi alice")
        try scene.tmux.waitFor("alice", "bob's message ending his typing") { screen in
            screen.contains("<bob> hi alice") && !screen.contains("is typing")
        }
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func withNoTypingNothingIsAnnouncedButBobsTypingIsShown() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try TaggingServer()
        defer { server.stop() }
        try scene.startClient("alice", port: server.port, nick: "alice", options: "--no-typing")
        try scene.tmux.waitFor("alice", toShow: "Users (2)")
        try scene.tmux.send("alice", "quietly")
        let sent = try server.waitFor("PRIVMSG #letschat :quietly")
        #expect(!sent.contains { $0.contains("TAGMSG") }, "\(sent)")
        try server.say("@+typing=paused :bob!bob@127.0.0.1 TAGMSG #letschat")
        try scene.tmux.waitFor("alice", toShow: "bob is typing…")
    }
}
