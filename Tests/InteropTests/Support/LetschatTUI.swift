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
}
