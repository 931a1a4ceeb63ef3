import LetsChatCore

/// How a member wants room events written to it.
enum Audience: Sendable, Hashable {
    /// An IRC client; `serverTime`, `echo` and `messageTags` are the IRCv3 caps it negotiated
    /// (`server-time`, `echo-message`, `message-tags`). With `messageTags` it is given `msgid` and
    /// client-only tags, and TAGMSG.
    case irc(serverTime: Bool, echo: Bool, messageTags: Bool)
    /// The original LetsChat client, `nc` or telnet: readable timestamped lines.
    case text

    /// Whether this audience is sent tags from other clients, `msgid` and TAGMSG.
    var takesMessageTags: Bool {
        if case .irc(_, _, messageTags: true) = self { return true }
        return false
    }
}

/// One connected client as the room sees it.
///
/// The `var` properties are guarded by `Room`'s lock. Only the member's own session thread changes
/// them (through `Room`'s methods, which take the lock), so that thread may also read them without it.
/// `outbound` is safe from any thread.
final class Member: @unchecked Sendable {
    /// Where this client's bytes go.
    let outbound: Outbound
    /// The peer's numeric address.
    let host: String
    /// Current nickname, nil until claimed.
    var nick: String?
    /// IRC user name (`~user` form is not used), the nick for text clients.
    var user = "user"
    /// IRC real name.
    var realName = ""
    /// How events are written to this member.
    var audience: Audience
    /// Whether the member is in the room (IRC clients may PART and stay connected).
    var inRoom = false
    /// Whether the member carries `@` (the first to enter an empty room).
    var isOperator = false
    /// The away message set with AWAY, nil when present.
    var awayMessage: String?
    /// How far into the room's `RoomFeed` this member's queue has been filled; used while in the room.
    var feedPosition = 0
    /// What the member's current labeled command made for it (replies, its own echo), held back to
    /// go out as one labeled response; nil while no labeled command runs (`Room+LabeledResponse`).
    var labeledReplies: [UInt8]?

    /// A client at `host` whose bytes go to `outbound`, not yet named and not in the room.
    init(outbound: Outbound, host: String, audience: Audience) {
        self.outbound = outbound
        self.host = host
        self.audience = audience
    }

    /// `nick!user@host`, the IRC source of this member's actions.
    var source: String {
        "\(nick ?? "*")!\(user)@\(host)"
    }
}
