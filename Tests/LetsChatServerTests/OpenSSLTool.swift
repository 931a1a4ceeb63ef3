import Foundation

/// Runs the `openssl` command-line tool for tests: as a one-shot command, or as `s_client`, the
/// TLS client every user has, talking to a test server.
enum OpenSSLTool {
    /// Runs `openssl arguments` with `input` on standard input; returns standard output and error
    /// together and the exit status. Killed after `timeout` seconds.
    static func run(_ arguments: [String], input: String = "", timeout: Double = 10) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let killer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        killer.cancel()
        return (output, process.terminationStatus)
    }

    /// Connects `openssl s_client` to 127.0.0.1:`port` with `options`, sends `input`, and returns
    /// what it printed once the server closed or the input ran out.
    static func client(port: UInt16, _ options: [String] = [], input: String = "", timeout: Double = 10) throws -> String {
        try run(["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"] + options,
                input: input, timeout: timeout).output
    }
}

/// A running `openssl s_client -quiet`: an IRC client in TLS whose lines the test writes and reads.
final class OpenSSLClient {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    /// Everything received so far (the decrypted lines; `-quiet` prints no session details).
    private let received = LockedBox<String>("")

    /// Starts `openssl s_client -quiet` against 127.0.0.1:`port`.
    init(port: UInt16, options: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_client", "-quiet", "-connect", "127.0.0.1:\(port)"] + options
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let received = self.received
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { received.set(received.get() + String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
    }

    deinit {
        close()
    }

    /// Sends `line` with CR LF.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\r\n").utf8))
    }

    /// Waits until a received line contains `text`; throws with what came when `timeout` passes.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = received.get().split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw TestClientError(description: "s_client: no line with \(text) in:\n\(received.get().suffix(2000))")
    }

    /// Everything received so far.
    var transcript: String { received.get() }

    /// Ends the client (SIGKILL: the test process may hand its children a mask that blocks SIGTERM).
    func close() {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
