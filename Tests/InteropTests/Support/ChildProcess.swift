import CSystem
import Foundation

/// A peer program started with `posix_spawn`: no signals blocked or ignored, standard input from
/// /dev/null, standard output and error appended to a file, no other descriptors inherited.
///
/// Foundation's `Process` is not used for two reasons found the hard way: it passes on the signal
/// mask of the spawning thread (the test runner's threads block SIGTERM, so a peer could not be
/// stopped politely), and it notices a child's end through an inherited descriptor that a
/// daemonizing child (the tmux server) keeps open, so `waitUntilExit` never returned.
/// `lock` guards `status`, which is set once the child has been reaped.
final class ChildProcess: @unchecked Sendable {
    /// The child's process id.
    let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments` and exactly `environment`, output appended to `output`.
    init(_ executable: String, _ arguments: [String], environment: [String: String], output: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Sockets of the in-process server and of test clients must not live on in a peer.
        _ = posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw InteropFailure("cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// Whether the child is still running (reaps it if it has ended).
    var isRunning: Bool {
        lock.withLock {
            if status == nil { reap(options: WNOHANG) }
            return status == nil
        }
    }

    /// The exit code, or 128 + signal number; nil while running.
    var exitStatus: Int32? {
        _ = isRunning
        return lock.withLock { status }
    }

    /// Blocks until the child ends; returns its exit status.
    @discardableResult
    func waitForExit() -> Int32 {
        lock.withLock {
            while status == nil { reap(options: 0) }
            return status ?? -1
        }
    }

    /// SIGTERM, up to `grace` seconds to exit, then SIGKILL; always reaps.
    func terminate(grace: Double = 3) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date(timeIntervalSinceNow: grace)
        while isRunning && Date() < deadline { usleep(10_000) }
        if isRunning { kill(pid, SIGKILL) }
        waitForExit()
    }

    private func reap(options: Int32) {
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, options)
        if result == pid {
            status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        } else if result < 0 && errno != EINTR {
            status = -1
        }
    }
}
