import LetsChatServer

/// An in-process server for one test: loopback only, a free port, a fixed server name.
final class TestServer {
    /// The name the server uses in IRC replies.
    static let serverName = "test.server"
    /// The room's name.
    static let channel = "#letschat"

    /// The running server.
    let server: Server
    // Clients stay connected until `stop()`: Swift may release an object after its last use,
    // and a client that closed early would show up as a departure in other clients' lines.
    private var clients: [TestClient] = []

    /// Starts a server keeping its history at `historyPath` (nil: none); `configure` may change the rest.
    init(historyPath: String?, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.serverName = TestServer.serverName
        configuration.channel = TestServer.channel
        configuration.historyPath = historyPath
        // Text clients are told apart from IRC clients by this much silence; keep tests quick.
        configuration.detectMilliseconds = 200
        configuration.registrationTimeout = 10
        configuration.motd = ["Tests only."]
        configure(&configuration)
        server = try Server(configuration: configuration, log: { _ in })
        server.start()
    }

    /// The port it listens on.
    var port: UInt16 { server.port }

    /// Closes every client made through this server, then stops the server (idempotent).
    func stop() {
        for client in clients { client.close() }
        server.stop()
    }

    /// A connected client that has sent nothing yet.
    func rawClient(_ label: String, receiveBufferSize: Int32? = nil) throws -> TestClient {
        keep(try TestClient(port: port, label: label, receiveBufferSize: receiveBufferSize))
    }

    /// An IRC client registered as `nick` and in the room (see `TestClient.irc`).
    func ircClient(_ nick: String, serverTime: Bool = true, echo: Bool = false, messageTags: Bool = false,
                   labeled: Bool = false) throws -> TestClient {
        keep(try TestClient.irc(port: port, nick: nick, serverTime: serverTime, echo: echo, messageTags: messageTags,
                                labeled: labeled))
    }

    /// An `nc`-style client named `nick`, in the room.
    func lineClient(_ nick: String) throws -> TestClient {
        keep(try TestClient.lineClient(port: port, nick: nick))
    }

    /// An original-LetsChat-style client named `nick`, in the room.
    func originalClient(_ nick: String) throws -> TestClient {
        keep(try TestClient.originalClient(port: port, nick: nick))
    }

    private func keep(_ client: TestClient) -> TestClient {
        clients.append(client)
        return client
    }
}

/// Runs `body` with a started server whose history is `history.txt` in a fresh temporary folder;
/// stops the server and removes the folder afterwards, even when `body` throws.
func withServer<T>(configure: (inout ServerConfiguration) -> Void = { _ in },
                   _ body: (TestServer) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        try withServer(historyPath: directory.file("history.txt"), configure: configure, body)
    }
}

/// Runs `body` with a started server keeping its history at `historyPath`; stops it afterwards,
/// even when `body` throws.
func withServer<T>(historyPath: String?, configure: (inout ServerConfiguration) -> Void = { _ in },
                   _ body: (TestServer) throws -> T) throws -> T {
    let server = try TestServer(historyPath: historyPath, configure: configure)
    defer { server.stop() }
    return try body(server)
}
