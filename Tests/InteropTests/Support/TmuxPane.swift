import Foundation

/// A full-screen program in its own tmux server (`tmux -L NAME`, no user config), typed into with
/// `send-keys` and read with `capture-pane`.
///
/// The pane stays after the program exits (`remain-on-exit`), so its last screen can be shown. At
/// `stop()` the program is killed by PID and the private tmux server with `kill-server`.
final class TmuxPane: Sendable {
    /// The private server's socket name.
    let socketName: String
    private let tmux: String
    private let environment: [String: String]

    /// Starts `command` (program and arguments, quoted for the shell here) in a `width`×`height` pane.
    init(run: TestRun, name: String, command: [String], environment: [String: String],
         width: Int = 120, height: Int = 40) throws {
        tmux = try Peer.tmux.require()
        socketName = "pane-\(name)"
        // The -L socket lives in the run's folder, so nothing is left in /tmp/tmux-UID afterwards.
        var withSocketFolder = environment
        withSocketFolder["TMUX_TMPDIR"] = run.directory
        self.environment = withSocketFolder
        let config = try run.write("tmux-\(name).conf", "set -g remain-on-exit on\nset -g history-limit 10000\n")
        let shellCommand = "exec " + command.map(TmuxPane.quote).joined(separator: " ")
        let socketName = socketName, tmux = tmux, environment = withSocketFolder
        run.onStop {
            // A dead pane's PID is already reaped and may belong to someone else by now.
            let pane = TmuxPane.tool(tmux, ["-L", socketName, "display-message", "-p", "-t", "main", "#{pane_dead} #{pane_pid}"],
                                     environment: environment).output.split(separator: " ")
            if pane.count == 2, pane[0] == "0", let pid = Int32(pane[1].trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGKILL)
            }
            _ = TmuxPane.tool(tmux, ["-L", socketName, "kill-server"], environment: environment)
        }
        let started = TmuxPane.tool(tmux, ["-L", socketName, "-f", config, "new-session", "-d", "-s", "main",
                                           "-x", String(width), "-y", String(height), shellCommand], environment: environment)
        guard started.status == 0 else { throw InteropFailure("tmux new-session failed: \(started.output)") }
    }

    /// Types `text` literally, then presses Enter.
    func type(_ text: String) throws {
        // tmux 3.3 drops a trailing ';' of any argument, even with -l.
        let literal = text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text
        try keys(["-l", literal])
        try keys(["Enter"])
    }

    /// Sends `send-keys` arguments (key names, or `-l` and text).
    func keys(_ arguments: [String]) throws {
        let result = TmuxPane.tool(tmux, ["-L", socketName, "send-keys", "-t", "main"] + arguments, environment: environment)
        guard result.status == 0 else { throw InteropFailure("tmux send-keys failed: \(result.output)") }
    }

    /// The visible screen as text, wrapped lines joined.
    func screen() -> String {
        TmuxPane.tool(tmux, ["-L", socketName, "capture-pane", "-p", "-J", "-t", "main"], environment: environment).output
    }

    /// Whether the program in the pane has exited.
    var hasExited: Bool {
        TmuxPane.tool(tmux, ["-L", socketName, "display-message", "-p", "-t", "main", "#{pane_dead}"],
                      environment: environment).output.hasPrefix("1")
    }

    /// Waits until the screen satisfies `matches`.
    func waitForScreen(_ what: String, timeout: Double = Wait.timeout, _ matches: (String) -> Bool) throws {
        try Wait.until(what, timeout: timeout, seen: { screen() }) { matches(screen()) }
    }

    /// Waits until the screen shows `text`.
    func waitForScreen(showing text: String, timeout: Double = Wait.timeout) throws {
        try waitForScreen("the screen to show \"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the program has exited.
    func waitForExit(timeout: Double = Wait.timeout) throws {
        try Wait.until("the program in tmux to exit", timeout: timeout, seen: { screen() }) { hasExited }
    }

    /// Runs tmux to completion; returns its status and output.
    static func tool(_ path: String, _ arguments: [String], environment: [String: String]) -> (status: Int32, output: String) {
        var template = Array("/tmp/letschat-interop-tool-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { return (-1, "cannot create a temporary file") }
        close(fd)
        let file = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(file) }
        do {
            let status = try ChildProcess(path, arguments, environment: environment, output: file).waitForExit()
            return (status, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
        } catch {
            return (-1, "\(error)")
        }
    }

    /// `text` as one shell word.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
