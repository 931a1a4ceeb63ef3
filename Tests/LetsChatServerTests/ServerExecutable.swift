import Foundation

/// The `letschat-server` program run as a child process, its output going to files in a test folder.
///
/// `stop()` kills it if it is still running; tests call it in a `defer` so no process outlives a test.
final class ServerExecutable {
    /// The child process.
    let process: Process
    /// Where its standard output goes.
    let outputPath: String
    /// Where its standard error goes.
    let errorPath: String

    /// Starts `letschat-server` with `arguments` and this process's environment plus `environment`,
    /// writing its output into `directory`.
    init(arguments: [String], directory: TemporaryDirectory, name: String = "server",
         environment extra: [String: String] = [:]) throws {
        outputPath = directory.file("\(name).out")
        errorPath = directory.file("\(name).err")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try ServerExecutable.path())
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        try process.run()
    }

    deinit {
        stop()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// What it wrote to standard output so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// What it wrote to standard error so far.
    var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Waits until the start-up banner is out (the server is listening); throws if it exits or takes too long.
    func waitUntilListening(within timeout: Double = 10) throws {
        let deadline = TestClient.now() + timeout
        while !output.contains("LetsChat server: room") {
            guard process.isRunning else {
                throw TestClientError(description: "letschat-server exited early: \(errorOutput)")
            }
            guard TestClient.now() < deadline else {
                throw TestClientError(description: "letschat-server printed no banner within \(timeout) s")
            }
            usleep(10_000)
        }
    }

    /// Waits for the process to end and returns its exit status (or the signal that ended it);
    /// nil if it still runs after `timeout` seconds.
    func waitForExit(within timeout: Double) -> (status: Int32, bySignal: Bool)? {
        let deadline = TestClient.now() + timeout
        while process.isRunning {
            guard TestClient.now() < deadline else { return nil }
            usleep(5_000)
        }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// The running program's environment block as the kernel shows it (after any exec), one entry a
    /// line. glibc cuts `GLIBC_TUNABLES` into pieces in place while reading it, so a test looks for
    /// each tunable on its own.
    var environmentText: String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: "\n") : $0 }, as: UTF8.self)
    }

    /// Sends `signal` to the process.
    func send(signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// Kills the process if it still runs and waits for it (idempotent).
    func stop() {
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
        _ = waitForExit(within: 10)
    }

    /// Where the built executable is: beside the test bundle, or in this package's `.build/debug`.
    static func path() throws -> String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("letschat-server").path
        var package = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { package.deleteLastPathComponent() }
        let inPackage = package.appendingPathComponent(".build/debug/letschat-server").path
        let candidates = [besideTests, inPackage]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestClientError(description:
                "letschat-server is not built; run `swift build --product letschat-server` first")
        }
        return found
    }
}
