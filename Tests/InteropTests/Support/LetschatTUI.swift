import Foundation

/// The real `letschat` client (`.build/debug/letschat`) in tmux, joining 127.0.0.1 `port`.
struct LetschatTUI {
    /// The tmux pane the client runs in.
    let pane: TmuxPane

    /// Starts `letschat --port PORT --channel CHANNEL --nick NICK --no-log` in a 120×40 pane.
    static func start(run: TestRun, port: UInt16, nick: String, channel: String = "#test") throws -> LetschatTUI {
        let binary = try Peers.letschatBinary()
        var environment = Peers.environment(home: run.directory)
        environment["TERM"] = "tmux-256color"
        let pane = try TmuxPane(run: run, name: "letschat-\(nick)",
                                command: [binary, "127.0.0.1", "--port", String(port), "--channel", channel,
                                          "--nick", nick, "--no-log"],
                                environment: environment)
        return LetschatTUI(pane: pane)
    }

    /// Types a line (a message or a slash-command) and presses Enter.
    func type(_ line: String) throws {
        try pane.type(line)
    }

    /// Waits until the screen shows `text`.
    func waitForScreen(showing text: String, timeout: Double = Wait.timeout) throws {
        try pane.waitForScreen(showing: text, timeout: timeout)
    }

    /// Waits until the user list (right of the `│` border) has `nick`.
    func waitForUser(_ nick: String) throws {
        try pane.waitForScreen("the user list to show \(nick)") { screen in
            screen.split(separator: "\n").contains { $0.hasSuffix("│" + nick) || $0.contains("│" + nick + " ") }
        }
    }

    /// The part every real IRC server test shares: `letschat` joins `#test` where `peer` waits,
    /// shows the server's MOTD (`motd`) and both users, and messages and actions go both ways.
    static func joinAndTalk(run: TestRun, port: UInt16, peer: LineClient, motd: String) throws -> LetschatTUI {
        try peer.send("JOIN #test")
        try peer.waitFor("peer's JOIN") { $0.command == "JOIN" }
        let letschat = try LetschatTUI.start(run: run, port: port, nick: "lcuser")
        try peer.waitFor("lcuser's JOIN") { $0.command == "JOIN" && $0.sourceNick == "lcuser" && $0.params.first == "#test" }
        try letschat.waitForScreen(showing: motd)
        try letschat.waitForUser("peer")
        try letschat.waitForUser("lcuser")

        try peer.send("PRIVMSG #test :hello from peer")
        try letschat.waitForScreen(showing: "<peer> hello from peer")
        try peer.send("PRIVMSG #test :\u{1}ACTION waves\u{1}")
        try letschat.waitForScreen(showing: "* peer waves")
        try letschat.type("hello from letschat")
        try peer.waitFor("lcuser's message") { $0.sourceNick == "lcuser" && $0.params == ["#test", "hello from letschat"] }
        try letschat.type("/me nods")
        try peer.waitFor("lcuser's action") { $0.sourceNick == "lcuser" && $0.params.last == "\u{1}ACTION nods\u{1}" }
        return letschat
    }
}
