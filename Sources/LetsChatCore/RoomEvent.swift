/// Something that happened in the room, as stored in history and replayed to newcomers.
public struct RoomEvent: Equatable, Sendable {
    /// What kind of event this is.
    public enum Kind: String, CaseIterable, Sendable {
        /// A message to the room (`PRIVMSG`); `text` is the message.
        case message = "MSG"
        /// A `/me` action; `text` is the action without the nick.
        case action = "ACTION"
        /// A notice to the room; `text` is the notice.
        case notice = "NOTICE"
        /// Someone joined; `text` is empty.
        case join = "JOIN"
        /// Someone left; `text` is the reason, possibly empty.
        case leave = "LEAVE"
        /// Someone changed nickname; `text` is the new nickname.
        case nick = "NICK"
        /// Someone set the topic; `text` is the new topic.
        case topic = "TOPIC"
        /// Client-only tags without text (IRCv3 `TAGMSG`, such as `+typing`); `text` is empty. Relayed
        /// only to clients that negotiated `message-tags`, and never recorded in history.
        case tagsOnly = "TAGMSG"
    }

    /// When the server accepted the event.
    public var time: Timestamp
    /// The kind of event.
    public var kind: Kind
    /// The nickname of whoever caused it.
    public var nick: String
    /// The event's text (see `Kind`).
    public var text: String
    /// The IRCv3 `msgid` the server gave the event (messages only); nil for other events and for
    /// messages recorded before ids were given.
    public var id: String?

    /// Creates an event.
    public init(time: Timestamp, kind: Kind, nick: String, text: String = "", id: String? = nil) {
        self.time = time
        self.kind = kind
        self.nick = nick
        self.text = text
        self.id = id
    }
}
