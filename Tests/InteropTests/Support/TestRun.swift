import Foundation
import LetsChatServer
import TestSupport

/// Everything one test starts: a temporary folder, child processes and other things to undo.
///
/// `stop()` (from a `defer`, so it runs when the test fails too) undoes them newest first: processes
/// are sent SIGTERM by PID, then SIGKILL if they linger. Used from the test's own task only; the lock
/// guards `cleanups` because drivers may register from helper threads.
final class TestRun: @unchecked Sendable {
    /// A private folder for configs, homes and logs, removed by `stop()`.
    let directory: String
    private let lock = NSLock()
    private var cleanups: [() -> Void] = []

    /// Creates the run and its folder, named after `label`.
    init(_ label: String) throws {
        var template = Array("/tmp/letschat-interop-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("cannot create a temporary folder") }
        directory = String(cString: made)
        // ngIRCd drops to `nobody` and must still read its config and MOTD here.
        chmod(directory, 0o755)
    }

    /// A path inside the run's folder.
    func path(_ name: String) -> String {
        directory + "/" + name
    }

    /// Writes `text` to `name` in the run's folder and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path(name)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    /// Reads a file of the run (or any path), empty if it does not exist yet.
    func read(_ file: String) -> String {
        (try? String(contentsOfFile: file.hasPrefix("/") ? file : path(file), encoding: .utf8)) ?? ""
    }

    /// Registers `action` to run at `stop()`, before everything registered earlier.
    func onStop(_ action: @escaping () -> Void) {
        lock.withLock { cleanups.append(action) }
    }

    /// Starts `executable` with `arguments`; its output goes to `output` in the run's folder.
    /// It is stopped by PID at `stop()`.
    func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = Peers.environment(),
               output: String) throws -> ChildProcess {
        let child = try ChildProcess(executable, arguments, environment: environment, outputFile: path(output))
        onStop { child.terminate() }
        return child
    }

    /// A private tmux server whose programs get `environment`, its socket in the run's folder (so
    /// nothing is left in /tmp/tmux-UID); killed at `stop()`.
    func tmux(environment: [String: String]) throws -> Tmux {
        let tmux = try Tmux(environment: environment, socketFolder: directory)
        onStop { tmux.kill() }
        return tmux
    }

    /// Undoes everything, newest first. Safe to call more than once.
    func stop() {
        let actions = lock.withLock {
            defer { cleanups.removeAll() }
            return cleanups
        }
        for action in actions.reversed() { action() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (for servers that cannot be given port 0).
    static func freePort() throws -> UInt16 {
        let socket = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { socket.close() }
        return socket.localPort
    }

    /// Waits until something accepts connections on 127.0.0.1 `port`, failing early if `process` exits.
    static func waitForListener(port: UInt16, process: ChildProcess, name: String, log: @escaping () -> String) throws {
        try Wait.until("\(name) to listen on port \(port)", seen: log) {
            guard process.isRunning else { throw TestFailure("\(name) exited (status \(process.exitStatus ?? -1)):\n\(log())") }
            guard let socket = try? Socket.connect(host: "127.0.0.1", port: port) else { return false }
            socket.close()
            return true
        }
    }

}
