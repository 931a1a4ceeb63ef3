import Foundation
import LetsChatCore
import LetsChatServer
import TestSupport

/// One end-to-end test's world: the built `letschat` binary, a private tmux server, a temporary
/// HOME, and in-process LetsChat servers on loopback. `close()` ends all of them; call it in a
/// `defer` right after creating the scene, so a failing test leaves nothing running.
final class ClientScene {
    /// The private tmux server the clients run in.
    let tmux: Tmux
    /// The `letschat` binary under test.
    let binary: String
    /// A temporary folder used as HOME and for history files.
    let folder: URL
    private var servers: [Server] = []

    init() throws {
        binary = try BuiltProduct.path("letschat")
        tmux = try Tmux()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("letschat-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Starts a server on 127.0.0.1 (`port` 0 picks a free one) that replays `replay` events to
    /// newcomers, keeping history in `historyFile` (a file of its own when nil) after `history`; it
    /// speaks TLS too, showing `tls`, when that is given; `registrationTimeout` replaces the 60 s default.
    func startServer(port: UInt16 = 0, history: [RoomEvent] = [], replay: Int = 50,
                     historyFile: String? = nil, tls: ServerCertificate? = nil,
                     registrationTimeout: Double? = nil) throws -> Server {
        let path = historyFile ?? folder.appendingPathComponent("history-\(UUID().uuidString.prefix(8)).txt").path
        if !history.isEmpty || !FileManager.default.fileExists(atPath: path) {
            let text = history.map { HistoryLine.format($0) + "\n" }.joined()
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.historyPath = path
        configuration.replayCount = replay
        if let tls { configuration.tls = .files(certificate: tls.certificatePath, key: tls.keyPath) }
        if let registrationTimeout { configuration.registrationTimeout = registrationTimeout }
        let server = try Server(configuration: configuration, log: { _ in })
        server.start()
        servers.append(server)
        return server
    }

    /// Runs `letschat 127.0.0.1 --port PORT --nick NICK --no-log` (no `--nick` when `nick` is nil: the client asks) in a new tmux session called `name`. When
    /// the program ends, the pane says `EXITED <status>, terminal modes restored` (or `changed`)
    /// and stays a few seconds for the test to read it.
    func startClient(_ name: String, port: UInt16, nick: String?, columns: Int = 100, rows: Int = 30,
                     options: String = "") throws {
        let program = "env TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no HOME='\(folder.path)' "
            + "XDG_DATA_HOME='\(folder.path)/data' "
            + "'\(binary)' 127.0.0.1 --port \(port) \(nick.map { "--nick \($0) " } ?? "")--no-log \(options)"
        let command = "before=$(stty -g); \(program); status=$?; "
            + "if [ \"$(stty -g)\" = \"$before\" ]; then modes=restored; else modes=changed; fi; "
            + "echo \"EXITED $status, terminal modes $modes\"; sleep 5"
        try tmux.start(name, columns: columns, rows: rows, command: command)
    }

    /// The clients' known_hosts file (their XDG_DATA_HOME is in the folder).
    var knownHostsPath: String {
        folder.appendingPathComponent("data/letschat/known_hosts").path
    }

    /// A self-signed certificate made in the folder under `name` (the same one again for the same name).
    func certificate(_ name: String) throws -> ServerCertificate {
        try ServerCertificate.loadOrCreate(certificatePath: folder.appendingPathComponent("\(name)-cert.pem").path,
                                           keyPath: folder.appendingPathComponent("\(name)-key.pem").path,
                                           commonName: "letschat test")
    }

    /// Ends the clients (tmux sends them SIGHUP), then the servers, then removes the folder.
    func close() {
        tmux.kill()
        for server in servers { server.stop(grace: 0.2) }
        servers.removeAll()
        try? FileManager.default.removeItem(at: folder)
    }
}
