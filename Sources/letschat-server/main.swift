import ArgumentParser
import LetsChatCore
#if canImport(Glibc)
import Glibc
#endif
import LetsChatServer

/// `letschat-server`: hosts one LetsChat room for IRC clients, the original LetsChat client and nc.
@main
struct LetsChatServerCommand: ParsableCommand {
    /// The command's name, the summary `--help` prints and what `--version` prints.
    static let configuration = CommandConfiguration(
        commandName: "letschat-server",
        abstract: "Host a LetsChat room that IRC clients, the letschat client and nc can join.",
        version: LetsChatVersion.string)

    @Option(help: "The address to listen on; '::' (the default) means every IPv4 and IPv6 interface.")
    var host = "::"

    @Option(help: "The TCP port to listen on (1-65535).")
    var port = 55556

    @Option(help: "The room's name; it must start with '#'.")
    var channel = "#letschat"

    @Option(help: "The name the server uses in IRC replies (default: this machine's host name).")
    var serverName: String?

    @Option(help: "The file that keeps the room's history.")
    var history = "chat_history.txt"

    @Flag(help: "Keep no history file.")
    var noHistory = false

    @Option(help: "How many past events a newcomer is shown.")
    var replay = 50

    @Option(help: "A text file whose lines are sent as the message of the day.")
    var motd: String?

    @Option(help: "The most clients served at once.")
    var maxClients = 4096

    @Flag(inversion: .prefixedNo, help: "Put IRC clients in the room as soon as they register.")
    var autoJoin = true

    @Option(help: "Connections one address may hold at once (0: no limit).")
    var maxPerAddress = 32

    @Option(help: "Lines a client may send at once before its input is slowed down.")
    var floodBurst = 20

    @Option(help: "Lines per second a client may send in the long run (0 turns flood control off).")
    var floodRate = 5.0

    @Option(help: "A file whose first line is the room's password; LETSCHAT_PASSWORD in the environment works too.")
    var passwordFile: String?

    @Option(help: "Rotate the history to PATH.1 when it grows past this many bytes.")
    var historyMaxBytes: Int?

    @Option(help: "Bytes queued for one client (replay included) before it counts as not reading and is dropped.")
    var sendQueueBytes = 1 << 20

    @Option(help: ArgumentHelp("A PEM certificate (chain allowed) for TLS, with --tls-key (default: one made on the first start, kept beside the history file).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert; it must be readable by its owner only.", valueName: "file"))
    var tlsKey: String?

    @Flag(help: "Speak plain text only: no TLS, no certificate.")
    var noTls = false

    @Flag(help: "Refuse plain-text connections, with a line that says to connect with TLS.")
    var requireTls = false

    @Flag(help: "Accept the room's password over plain text too (by default, with TLS on, it must come over TLS).")
    var allowPlaintextPassword = false

    /// Rejects a bad port, an unreadable password or MOTD file, and settings the server would refuse.
    mutating func validate() throws {
        if let problem = ServerConfiguration.portProblem(port) { throw ValidationError(problem) }
        if let passwordFile, FileContents.read(passwordFile) == nil {
            throw ValidationError("cannot read the password from '\(passwordFile)'.")
        }
        if let motd, FileContents.read(motd) == nil {
            throw ValidationError("cannot read the message of the day from '\(motd)'.")
        }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together.") }
        if noTls && tlsCert != nil { throw ValidationError("--no-tls and --tls-cert contradict each other.") }
        if noTls && requireTls { throw ValidationError("--no-tls and --require-tls contradict each other.") }
        if let problem = makeConfiguration().problem() { throw ValidationError(problem) }
    }

    /// Starts the server, prints its banner, and serves until SIGINT, SIGTERM or SIGHUP; then stops it.
    func run() throws {
        ServerProcess.restartWithLeanThreads()
        ServerProcess.prepare()
        let server: Server
        do {
            server = try Server(configuration: makeConfiguration())
        } catch {
            Server.logToStandardError("\(error)")
            if case .listen = error { throw ExitCode.failure }
            throw ExitCode(64)
        }
        server.start()
        print(ServerProcess.banner(for: server))
        // Flushed at once, so a supervisor or a test sees the banner even when stdout is a pipe.
        fflush(nil)
        _ = ServerProcess.waitForTermination()
        server.stop()
        print("Stopped; history saved.")
    }

    /// The password from --password-file or LETSCHAT_PASSWORD; never taken from the command line, which `ps` shows.
    private func password() -> String? {
        if let passwordFile, let data = FileContents.read(passwordFile) {
            // isNewline splits CR LF too, so a file saved with CR LF does not put a CR into the password.
            let lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            return lines.first.map(String.init)
        }
        return getenv("LETSCHAT_PASSWORD").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func makeConfiguration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = UInt16(clamping: port)
        configuration.channel = channel
        if let serverName { configuration.serverName = serverName }
        configuration.historyPath = noHistory ? nil : history
        configuration.replayCount = replay
        configuration.maxClients = maxClients
        configuration.autoJoin = autoJoin
        configuration.maxConnectionsPerAddress = maxPerAddress
        configuration.floodBurst = floodBurst
        configuration.floodRate = floodRate
        configuration.historyMaxBytes = historyMaxBytes
        configuration.outboundLimit = sendQueueBytes
        configuration.password = password()
        if noTls {
            configuration.tls = .off
        } else if let tlsCert, let tlsKey {
            configuration.tls = .files(certificate: tlsCert, key: tlsKey)
        } else {
            configuration.tls = .automatic
        }
        configuration.requireTLS = requireTls
        configuration.allowPlaintextPassword = allowPlaintextPassword
        if let motd, let data = FileContents.read(motd) {
            configuration.motd = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0) }.filter { !$0.isEmpty }
        }
        return configuration
    }
}
