import CSystem
import Foundation

/// A program a test starts with `posix_spawn`: no signals blocked or ignored, and no descriptors
/// inherited but standard input, output and error.
///
/// Foundation's `Process` is not used, for reasons found the hard way: it passes on the signal mask
/// of the spawning thread (the test runner's threads block SIGTERM, so a peer could not be stopped
/// politely, and tmux ignored `kill-server`), and it lets the child inherit descriptors (a tmux
/// server started that way held the in-process server's sockets open, and `waitUntilExit` waited on
/// a descriptor that the daemonized tmux server kept open). `lock` guards `status`, which is set once
/// the child has been reaped.
public final class ChildProcess: @unchecked Sendable {
    /// How a program that was run to its end ended, and what it wrote.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        public let status: Int32
        /// Everything it wrote to standard output (empty when that went to a given descriptor).
        public let output: String
        /// Everything it wrote to standard error.
        public let errors: String
    }

    /// The child's process id.
    public let pid: pid_t
    /// The command line, for failure messages.
    private let commandLine: String
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments` and exactly `environment`. Standard input, output and
    /// error go to the given descriptors, each /dev/null when nil.
    public init(_ executable: String, _ arguments: [String], environment: [String: String],
                input: Int32? = nil, output: Int32? = nil, errors: Int32? = nil) throws {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input ?? null, 0)
        posix_spawn_file_actions_adddup2(&actions, output ?? null, 1)
        posix_spawn_file_actions_adddup2(&actions, errors ?? null, 2)
        // Sockets of the in-process server and of test clients must not live on in a child.
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
        let words = [executable] + arguments
        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
        commandLine = words.joined(separator: " ")
    }

    /// Starts `executable` in the background with standard output and error appended to the file `outputFile`.
    public convenience init(_ executable: String, _ arguments: [String], environment: [String: String],
                            outputFile: String) throws {
        let file = open(outputFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw TestFailure("cannot open \(outputFile): \(String(cString: strerror(errno)))") }
        defer { close(file) }
        try self.init(executable, arguments, environment: environment, output: file, errors: file)
    }

    /// Runs `executable` until it ends and returns how it ended and what it wrote. Standard input
    /// (and output, when `output` is given) go to the given descriptors, otherwise /dev/null and a
    /// capture file. Kills it and throws if it is still running after `seconds`.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           input: Int32? = nil, output: Int32? = nil, seconds: Double = 10) throws -> Outcome {
        let outputFile = try CaptureFile()
        let errorFile = try CaptureFile()
        let child = try ChildProcess(executable, arguments, environment: environment, input: input,
                                     output: output ?? outputFile.descriptor, errors: errorFile.descriptor)
        let status = try child.waitForExit(seconds: seconds)
        return Outcome(status: status, output: outputFile.contents(), errors: errorFile.contents())
    }

    /// Whether the child is still running (reaps it if it has ended).
    public var isRunning: Bool {
        lock.withLock {
            if status == nil { reap(options: WNOHANG) }
            return status == nil
        }
    }

    /// The exit status, or 128 + the signal that ended it; nil while running.
    public var exitStatus: Int32? {
        _ = isRunning
        return lock.withLock { status }
    }

    /// Blocks until the child ends; returns its exit status.
    @discardableResult
    public func waitForExit() -> Int32 {
        lock.withLock {
            while status == nil { reap(options: 0) }
            return status ?? -1
        }
    }

    /// Waits up to `seconds` for the child to end and returns its exit status; kills it and throws
    /// if it is still running then.
    @discardableResult
    public func waitForExit(seconds: Double) throws -> Int32 {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while isRunning {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                waitForExit()
                throw TestFailure("\(commandLine) was still running after \(seconds) s; killed it")
            }
            // How often to look: a tmux command ends within milliseconds, and tests run hundreds.
            usleep(5_000)
        }
        return exitStatus ?? -1
    }

    /// SIGTERM, up to `grace` seconds to exit, then SIGKILL; always reaps.
    public func terminate(grace: Double = 3) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        _ = try? waitForExit(seconds: grace)
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
