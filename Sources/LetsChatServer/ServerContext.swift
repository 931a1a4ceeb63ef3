import LetsChatCore

/// What every session of one server shares: settings, the room and the log. Immutable.
///
/// A class, so that each session holds one reference rather than its own copy of the settings.
final class ServerContext: Sendable {
    /// The server's settings, port resolved.
    let configuration: ServerConfiguration
    /// The one room.
    let room: Room
    /// Writes one line to the server's log.
    let log: @Sendable (String) -> Void
    /// Text for 002/003 and text clients' welcome.
    let version = "letschat-" + LetsChatVersion.string
    /// When the server started, for 003 and the room's creation time (329).
    let startedAt: Timestamp
    /// The TLS settings with the server's certificate, or nil when TLS is off.
    let tls: TLSContext?

    /// The shared state of a server with `configuration`, its `room` and `log`, started at `startedAt`,
    /// speaking TLS with `tls` when given.
    init(configuration: ServerConfiguration, room: Room, log: @escaping @Sendable (String) -> Void, startedAt: Timestamp,
         tls: TLSContext? = nil) {
        self.configuration = configuration
        self.room = room
        self.log = log
        self.startedAt = startedAt
        self.tls = tls
    }

    /// The room's name.
    var channel: String { configuration.channel }
    /// The server's name in IRC replies.
    var serverName: String { configuration.serverName }

    /// Whether a client on `transport` must not send the room's password: the room has one, TLS is
    /// on, the client did not use it, and `--allow-plaintext-password` was not given.
    func refusesPassword(on transport: any Transport) -> Bool {
        configuration.password != nil && tls != nil && !configuration.allowPlaintextPassword && !(transport is TLSTransport)
    }
}
