import LetsChatCore

/// What every session of one server shares: settings, the room and the log. Immutable.
struct ServerContext: Sendable {
    let configuration: ServerConfiguration
    let room: Room
    let log: @Sendable (String) -> Void
    /// Text for 002/003 and text clients' welcome.
    let version = "letschat-1.0"
    let startedAt: Timestamp

    var renderer: EventRenderer { room.renderer }
    var channel: String { configuration.channel }
    var serverName: String { configuration.serverName }
}
