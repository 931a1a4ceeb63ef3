import Foundation

/// A private tmux server for one test, reached through its own socket (`tmux -L`, no user config),
/// so tests never touch the user's tmux or each other. Programs run in named sessions, are typed
/// into with `send-keys` and read with `capture-pane`. `kill()` ends the server and everything in it.
public final class Tmux: Sendable {
    /// Where tmux is installed, or nil.
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { $0 + "/tmux" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether tests that need tmux run: when it is installed, and always under `CI=true`, where a
    /// missing tmux fails them instead of hiding them.
    public static var testsRun: Bool {
        executable != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The `-L` socket name, unique to this process and test.
    public let socketName = "letschat-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    private let path: String
    private let environment: [String: String]

    /// Prepares a server that starts with the first session. Its programs get `environment` without
    /// tmux's own variables; `socketFolder` (TMUX_TMPDIR) is where the socket goes, /tmp when nil.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                socketFolder: String? = nil) throws {
        guard let path = Tmux.executable else {
            throw TestFailure("tmux is required (CI=true) but is not on PATH; install it (apt-get install tmux) "
                              + "or run .ci/run, which does")
        }
        self.path = path
        var environment = environment
        environment["TMUX"] = nil
        environment["TMUX_PANE"] = nil
        if let socketFolder { environment["TMUX_TMPDIR"] = socketFolder }
        self.environment = environment
    }

    /// Starts `command` (a shell command line) detached in a new `columns`×`rows` session called
    /// `name`. With `keepsExitedPane` the pane stays when the program ends, so its last screen can
    /// be read and `hasExited` tells.
    public func start(_ name: String, columns: Int, rows: Int, command: String, keepsExitedPane: Bool = false) throws {
        // One tmux invocation: the option is set before the server can notice the program's end.
        try run(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", command]
                + (keepsExitedPane ? [";", "set-option", "-t", name, "remain-on-exit", "on"] : []))
    }

    /// Starts `program` with its arguments (each quoted for the shell here) in session `name`,
    /// keeping the pane when it ends.
    public func start(_ name: String, columns: Int, rows: Int, program: [String]) throws {
        try start(name, columns: columns, rows: rows, command: "exec " + program.map(Tmux.quote).joined(separator: " "),
                  keepsExitedPane: true)
    }

    /// Resizes the window of session `name`, as a user dragging the terminal's corner would.
    public func resize(_ name: String, columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Types `text` literally (UTF-8 as is) into session `name`.
    public func type(_ name: String, _ text: String) throws {
        // tmux 3.3 drops a trailing ';' of any argument, even with -l.
        let literal = text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text
        try run(["send-keys", "-t", name, "-l", literal])
    }

    /// Presses tmux key names (`Enter`, `PPage`, `End`, `C-c`) in session `name`.
    public func press(_ name: String, _ keys: String...) throws {
        try run(["send-keys", "-t", name] + keys)
    }

    /// Types `text` and presses Enter.
    public func send(_ name: String, _ text: String) throws {
        try type(name, text)
        try press(name, "Enter")
    }

    /// The screen of session `name` as text; with `escapes`, with the colour and attribute
    /// sequences; with `joined`, wrapped lines joined into one.
    public func capture(_ name: String, escapes: Bool = false, joined: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []) + (joined ? ["-J"] : []))
    }

    /// A tmux format value for session `name`, such as `#{alternate_on}`.
    public func display(_ name: String, _ format: String) throws -> String {
        try run(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the program in session `name` has ended (its pane kept by `keepsExitedPane`).
    public func hasExited(_ name: String) throws -> Bool {
        try display(name, "#{pane_dead}") == "1"
    }

    /// Polls the screen of `name` until `done` holds, for at most `seconds`; returns that screen or
    /// throws with `what` and the last screen seen.
    @discardableResult
    public func waitFor(_ name: String, _ what: String, escapes: Bool = false, joined: Bool = false,
                        seconds: Double = Wait.timeout, until done: (String) -> Bool) throws -> String {
        var screen = ""
        return try Wait.value("\(what) in '\(name)'", timeout: seconds, seen: { screen }) {
            screen = try capture(name, escapes: escapes, joined: joined)
            return done(screen) ? screen : nil
        }
    }

    /// Waits until the screen of `name` shows `text`.
    @discardableResult
    public func waitFor(_ name: String, toShow text: String, seconds: Double = Wait.timeout) throws -> String {
        try waitFor(name, "\"\(text)\"", seconds: seconds) { $0.contains(text) }
    }

    /// Waits until the program in session `name` has ended.
    public func waitForExit(_ name: String, seconds: Double = Wait.timeout) throws {
        try Wait.until("the program in '\(name)' to exit", timeout: seconds, seen: { try capture(name) }) {
            try hasExited(name)
        }
    }

    /// Ends the server and everything in it, and removes its socket (tmux leaves it behind);
    /// harmless when the server never started or has ended. Programs still running are killed by
    /// PID first, since some (irssi) take the SIGHUP of `kill-server` as "reload the config".
    public func kill() {
        let panes = (try? run(["list-panes", "-a", "-F", "#{pane_dead} #{pane_pid}"], allowFailure: true)) ?? ""
        for pane in panes.split(separator: "\n") {
            let fields = pane.split(separator: " ")
            // A dead pane's PID is already reaped and may belong to someone else by now.
            if fields.count == 2, fields[0] == "0", let pid = pid_t(fields[1]) { Glibc.kill(pid, SIGKILL) }
        }
        _ = try? run(["kill-server"], allowFailure: true)
        let folder = environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socketName)")
    }

    /// Runs any tmux command against this server and returns what it printed.
    @discardableResult
    public func run(_ arguments: [String], allowFailure: Bool = false) throws -> String {
        let tmux = try ChildProcess.run(path, ["-L", socketName, "-f", "/dev/null"] + arguments,
                                        environment: environment)
        if tmux.status != 0 && !allowFailure {
            let command = arguments.joined(separator: " ")
            throw TestFailure("tmux \(command) failed with status \(tmux.status): \(tmux.errors)")
        }
        return tmux.output
    }

    /// `text` as one shell word.
    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
