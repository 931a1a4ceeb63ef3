import Foundation

/// A program a test starts with `posix_spawn`, and what it wrote.
///
/// Foundation's `Process` is not used: the child would inherit the signals blocked in the test's
/// worker thread (tmux then ignores `kill-server`) and every open descriptor (a tmux server started
/// this way would hold the in-process LetsChat server's sockets open). Here the child starts with no
/// blocked signals, default signal handling and only descriptors 0, 1 and 2.
struct ChildProcess {
    /// The exit status, or 128 + the signal that ended it.
    let status: Int32
    /// Everything it wrote to standard output.
    let output: String
    /// Everything it wrote to standard error.
    let errors: String

    /// Runs `path` with `arguments` and exactly `environment` until it ends; standard input (and
    /// output, when `outputDescriptor` is given) go to the given descriptors, otherwise /dev/null and
    /// a capture file. Kills it and throws if it is still running after `seconds`.
    init(_ path: String, _ arguments: [String], environment: [String: String], inputDescriptor: Int32? = nil,
         outputDescriptor: Int32? = nil, seconds: Double = 10) throws {
        let outputFile = try CaptureFile()
        let errorFile = try CaptureFile()
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputDescriptor ?? null, 0)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor ?? outputFile.descriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, errorFile.descriptor, 2)
        for descriptor in ChildProcess.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let words = [path] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw E2EFailure("cannot start \(path): \(String(cString: strerror(spawned)))") }

        let deadline = Date(timeIntervalSinceNow: seconds)
        var raw: Int32 = 0
        while waitpid(pid, &raw, WNOHANG) == 0 {
            guard Date() < deadline else {
                Glibc.kill(pid, SIGKILL)
                waitpid(pid, &raw, 0)
                throw E2EFailure("\(words.joined(separator: " ")) was still running after \(seconds)s; killed it")
            }
            // The interval between checks for its end, not a guess at how long it takes.
            usleep(5_000)
        }
        let signal = raw & 0x7F
        status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        output = outputFile.contents()
        errors = errorFile.contents()
    }

    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}

/// A temporary file a child writes into; removed when the test no longer holds it.
private final class CaptureFile {
    let descriptor: Int32
    private let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("letschat-capture-\(UUID().uuidString)").path
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw E2EFailure("cannot create \(path)") }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    func contents() -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
