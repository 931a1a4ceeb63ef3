import LetsChatCore

/// What every session of one server shares: settings, the room and the log. Immutable.
struct ServerContext: Sendable {
    /// The server's settings, port resolved.
    let configuration: ServerConfiguration
    /// The one room.
    let room: Room
    /// Writes one line to the server's log.
    let log: @Sendable (String) -> Void
    /// Text for 002/003 and text clients' welcome.
    let version = "letschat-1.0"
    /// When the server started, for 003 and the room's creation time (329).
    let startedAt: Timestamp

    /// The room's event renderer.
    var renderer: EventRenderer { room.renderer }
    /// The room's name.
    var channel: String { configuration.channel }
    /// The server's name in IRC replies.
    var serverName: String { configuration.serverName }
}
