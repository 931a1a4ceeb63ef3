import Foundation
import TestSupport

/// The real `letschat` client (`.build/debug/letschat`) in tmux, joining 127.0.0.1 `port`.
struct LetschatTUI {
    /// The private tmux server the client runs in, in session `main`.
    let tmux: Tmux

    /// Starts `letschat --port PORT --channel CHANNEL --nick NICK --no-log` and `options` in a 120×40 pane.
    static func start(run: TestRun, port: UInt16, nick: String, channel: String = "#test",
                      options: [String] = []) throws -> LetschatTUI {
        let binary = try BuiltProduct.path("letschat")
        var environment = Peers.environment(home: run.directory)
        environment["TERM"] = "tmux-256color"
        let tmux = try run.tmux(environment: environment)
        try tmux.start("main", columns: 120, rows: 40,
                       program: [binary, "127.0.0.1", "--port", String(port), "--channel", channel,
                                 "--nick", nick, "--no-log"] + options)
        return LetschatTUI(tmux: tmux)
    }

    /// Types a line (a message or a slash-command) and presses Enter.
    func type(_ line: String) throws {
        try tmux.send("main", line)
    }

    /// Types `text` into the input line without pressing Enter.
    func typeWithoutSending(_ text: String) throws {
        try tmux.type("main", text)
    }

    /// Presses tmux key names (`C-u`, `Enter`).
    func press(_ keys: String...) throws {
        for key in keys { try tmux.press("main", key) }
    }

    /// Waits until the screen no longer shows `text`.
    func waitForScreen(notShowing text: String, timeout: Double = Wait.timeout) throws {
        try tmux.waitFor("main", "the screen to stop showing \"\(text)\"", joined: true, seconds: timeout) {
            !$0.contains(text)
        }
    }

    /// Waits until the screen shows `text`.
    func waitForScreen(showing text: String, timeout: Double = Wait.timeout) throws {
        try tmux.waitFor("main", "the screen to show \"\(text)\"", joined: true, seconds: timeout) { $0.contains(text) }
    }

    /// Waits until the client has exited.
    func waitForExit() throws {
        try tmux.waitForExit("main")
    }

    /// Waits until the user list (right of the `│` border) has `nick`.
    func waitForUser(_ nick: String) throws {
        try tmux.waitFor("main", "the user list to show \(nick)", joined: true) { screen in
            screen.split(separator: "\n").contains { $0.hasSuffix("│" + nick) || $0.contains("│" + nick + " ") }
        }
    }

    /// The part every real IRC server test shares: `letschat` (with `options`) joins `#test` where
    /// `peer` waits, shows the server's MOTD (`motd`) and both users, and messages and actions go both ways.
    static func joinAndTalk(run: TestRun, port: UInt16, peer: LineClient, motd: String,
                            options: [String] = []) throws -> LetschatTUI {
        try peer.send("JOIN #test")
        try peer.waitFor("peer's JOIN") { $0.command == "JOIN" }
        let letschat = try LetschatTUI.start(run: run, port: port, nick: "lcuser", options: options)
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
