import Foundation

/// A private tmux server for one test, reached through its own socket (`tmux -L`), so tests never
/// touch the user's tmux or each other. `kill()` ends the server and every program running in it.
final class Tmux {
    /// Where tmux is installed, or nil.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { $0 + "/tmux" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether tests that need tmux run: when it is installed, and always under `CI=true`, where a
    /// missing tmux fails them instead of hiding them.
    static var testsRun: Bool {
        executable != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The `-L` socket name, unique to this process and test.
    let socketName = "letschat-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    private let path: String

    /// Prepares a server; it starts with the first session.
    init() throws {
        guard let path = Tmux.executable else {
            throw E2EFailure("tmux is required for the end-to-end tests (CI=true) but is not on PATH; install it "
                             + "(apt-get install tmux) or run .ci/run, which does")
        }
        self.path = path
    }

    /// Starts `command` (a shell command line) detached in a new session called `name`.
    func start(_ name: String, columns: Int, rows: Int, command: String) throws {
        try run(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", command])
    }

    /// Resizes the window of session `name`, as a user dragging the terminal's corner would.
    func resize(_ name: String, columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Types `text` literally (UTF-8 as is) into session `name`.
    func type(_ name: String, _ text: String) throws {
        try run(["send-keys", "-t", name, "-l", text])
    }

    /// Presses tmux key names (`Enter`, `PPage`, `End`, `C-c`) in session `name`.
    func press(_ name: String, _ keys: String...) throws {
        try run(["send-keys", "-t", name] + keys)
    }

    /// Types `text` and presses Enter.
    func send(_ name: String, _ text: String) throws {
        try type(name, text)
        try press(name, "Enter")
    }

    /// The screen of session `name` as text; with `escapes`, with the colour and attribute sequences.
    func capture(_ name: String, escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// A tmux format value for session `name`, such as `#{alternate_on}`.
    func display(_ name: String, _ format: String) throws -> String {
        try run(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen of `name` until `done` holds, for at most `seconds`; returns that screen or
    /// throws with `what` and the last screen seen.
    @discardableResult
    func waitFor(_ name: String, _ what: String, escapes: Bool = false, seconds: Double = 10,
                 until done: (String) -> Bool) throws -> String {
        let deadline = Date(timeIntervalSinceNow: seconds)
        var screen = ""
        repeat {
            screen = try capture(name, escapes: escapes)
            if done(screen) { return screen }
            // The interval between polls, not a guess at how long anything takes.
            usleep(20_000)
        } while Date() < deadline
        throw E2EFailure("waited \(seconds)s for \(what) in '\(name)'; the screen was:\n\(screen)")
    }

    /// Waits until the screen of `name` shows `text`.
    @discardableResult
    func waitFor(_ name: String, toShow text: String, seconds: Double = 10) throws -> String {
        try waitFor(name, "\"\(text)\"", seconds: seconds) { $0.contains(text) }
    }

    /// Ends the server and everything in it, and removes its socket (tmux leaves it behind);
    /// harmless when the server never started or has ended.
    func kill() {
        _ = try? run(["kill-server"], allowFailure: true)
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socketName)")
    }

    /// Runs any tmux command against this server and returns what it printed.
    @discardableResult
    func run(_ arguments: [String], allowFailure: Bool = false) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        let tmux = try ChildProcess(path, ["-L", socketName, "-f", "/dev/null"] + arguments, environment: environment)
        if tmux.status != 0 && !allowFailure {
            let command = arguments.joined(separator: " ")
            throw E2EFailure("tmux \(command) failed with status \(tmux.status): \(tmux.errors)")
        }
        return tmux.output
    }
}
