import ArgumentParser
import Foundation
import LetsChatBench
import LetsChatCore

/// `letschat-bench`: a load generator that speaks IRC to a server on this machine and prints what it measured.
@main
struct LetsChatBenchCommand: ParsableCommand {
    /// The command's name, the summary `--help` prints and what `--version` prints.
    static let configuration = CommandConfiguration(
        commandName: "letschat-bench",
        abstract: "Connect many IRC clients to a server on loopback, send messages, and print throughput, latency and the server's cost.",
        version: LetsChatVersion.string)

    @Option(help: "The server's address; only loopback addresses (127.x.x.x, ::1, localhost) are allowed.")
    var host = "127.0.0.1"

    @Option(help: "The server's TCP port (1-65535).")
    var port = 55556

    @Option(help: "The channel every client joins.")
    var channel = "#letschat"

    @Option(help: "How many clients to connect.")
    var clients = 50

    @Option(help: "How many connections are opened and registering at the same moment.")
    var connectAtOnce = 100

    @Option(help: "How many of the clients send messages (spread evenly over them).")
    var senders = 5

    @Option(help: "How many messages each sender sends.")
    var messages = 200

    @Option(help: "Messages per second per sender; 0 sends as fast as the socket takes them.")
    var rate = 0.0

    @Option(help: "Bytes of padding added to each message.")
    var padding = 0

    @Flag(inversion: .prefixedNo, help: "Send JOIN after the MOTD (a server that auto-joins ignores it).")
    var join = true

    @Flag(help: "Connect over TLS (the server's certificate is not checked).")
    var tls = false

    @Option(help: "Generator threads, each with one epoll loop over its share of the clients.")
    var threads = 2

    @Option(help: "The server's process id, to report its CPU time, memory and threads from /proc.")
    var serverPid: Int32?

    @Option(help: "Seconds to keep every client connected after the traffic, then check that all still answer.")
    var hold = 0.0

    @Option(help: "Seconds without a new delivery, once everything is sent, after which the rest count as lost.")
    var drain = 5.0

    @Option(help: "Seconds the whole run may take; whatever is not done by then is reported as cut short.")
    var timeout = 120.0

    @Option(help: "Nicknames are this prefix followed by the client's number.")
    var nickPrefix = "b"

    /// Rejects a bad port and settings the benchmark cannot run with (a host off loopback, for one).
    mutating func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535, not \(port).") }
        if let problem = settings.problem() { throw ValidationError(problem) }
    }

    /// Runs the benchmark and prints its report; exits with 2 if time ran out or not every client joined.
    func run() throws {
        let result: BenchResult
        do {
            result = try Benchmark.run(settings)
        } catch {
            FileHandle.standardError.write(Data("letschat-bench: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print(result.report.joined(separator: "\n"))
        if result.timedOutIn != nil || result.joined < clients { throw ExitCode(2) }
    }

    private var settings: BenchSettings {
        var settings = BenchSettings()
        settings.host = host
        settings.port = UInt16(clamping: port)
        settings.channel = channel
        settings.clients = clients
        settings.connectAtOnce = connectAtOnce
        settings.senders = senders
        settings.messages = messages
        settings.rate = rate
        settings.padding = padding
        settings.join = join
        settings.tls = tls
        settings.threads = threads
        settings.serverPID = serverPid
        settings.hold = hold
        settings.drain = drain
        settings.timeout = timeout
        settings.nickPrefix = nickPrefix
        return settings
    }
}
