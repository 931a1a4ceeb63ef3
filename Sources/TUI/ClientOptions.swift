import LetsChatCore
import LetsChatServer

/// What the `letschat` command line asked for.
public struct ClientOptions: Sendable {
    /// Server to join; nil looks for rooms on the network first (DNS-SD), unless `serve` is set.
    public var host: String?
    /// Its port.
    public var port: UInt16 = 55556
    /// Nickname; nil asks in the input line.
    public var nick: String?
    /// The room to join.
    public var channel = "#letschat"
    /// Host a room in this process and join it.
    public var serve = false
    /// Local log file; nil for the default path.
    public var logPath: String?
    /// Keep no local log.
    public var noLog = false
    /// Scroll with the mouse wheel (selecting text then needs Shift in most terminals).
    public var mouse = false
    /// Send no typing notices (`--no-typing`); others' typing is still shown.
    public var noTyping = false
    /// The SHA-256 certificate fingerprint (64 hex digits) the room at `host`:`port` announced in
    /// its DNS-SD TXT record (`tls=`): the pin for that server when the client connects with TLS.
    /// Nil for a typed HOST.
    public var announcedFingerprint: String?
    /// The discovered room's other addresses, tried in order when `host` does not answer; empty for a typed HOST.
    public var alternateHosts: [String] = []

    /// Default options: look for rooms on the network.
    public init() {}

    /// These options pointed at a discovered room, as if `letschat ADDRESS --port PORT` had been typed
    /// with the room's channel (when it names a valid one) and its announced fingerprint, its other
    /// addresses kept to try next; nil when the room's address is not known yet.
    public func joining(_ room: DiscoveredRoom) -> ClientOptions? {
        guard let address = room.addresses.first else { return nil }
        var options = self
        options.host = address
        options.alternateHosts = Array(room.addresses.dropFirst())
        options.port = room.port
        if let channel = room.channel, ServerConfiguration.isValidChannel(channel) { options.channel = channel }
        options.announcedFingerprint = room.tlsFingerprint
        return options
    }
}
