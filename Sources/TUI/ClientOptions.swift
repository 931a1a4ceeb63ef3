/// What the `letschat` command line asked for.
public struct ClientOptions: Sendable {
    /// Server to join.
    public var host = "127.0.0.1"
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
    /// TLS first with a plain-text fallback (the default), TLS only (`--tls`) or plain only (`--no-tls`).
    public var tls = TLSPolicy.Mode.preferred
    /// The certificate fingerprint to trust without asking (`--fingerprint`), pinned once it matches.
    public var fingerprint: Fingerprint?

    /// Default options: join 127.0.0.1:55556.
    public init() {}
}
