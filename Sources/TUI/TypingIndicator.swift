import LetsChatCore

/// Who is typing, from the IRCv3 `+typing` tags others send, and the line that says so above the input.
///
/// An `active` runs out after `activeLifetime` seconds without a refresh, a `paused` after
/// `pausedLifetime`; `done`, a message (PRIVMSG or NOTICE, whatever its tags) or a departure (PART,
/// QUIT, KICK, a nick change) from that nick ends it at once. Our own nick is never shown, so an echo of
/// our own notice changes nothing. Reading (`text(at:)`, `nextChange`) never changes the state: the UI
/// thread redraws and calls `expire(clock:)` when `nextChange` is reached, and sleeps without a timeout
/// when it is nil.
///
/// Plain state owned by the UI thread; the monotonic clock is passed in.
public struct TypingIndicator: Sendable {
    /// How long an `active` is shown without a refresh, in seconds.
    public static let activeLifetime: Double = 6
    /// How long a `paused` is shown, in seconds.
    public static let pausedLifetime: Double = 30

    private struct Typist: Sendable {
        var nick: String
        var folded: String
        var expires: Double
    }

    /// The people typing, in the order they started.
    private var typists: [Typist] = []

    /// Creates an indicator showing nobody.
    public init() {}

    /// Takes in one line from the server, received at monotonic `clock` seconds; `ownNick` is ours.
    public mutating func apply(_ message: IRCMessage, ownNick: String?, clock: Double) {
        guard let nick = message.sourceNick, !nick.isEmpty else { return }
        if let ownNick, Nickname.folded(nick) == Nickname.folded(ownNick) { return }
        switch message.command {
        case "TAGMSG":
            switch message.tag("+typing") ?? "" {
            case "active": set(nick, expires: clock + TypingIndicator.activeLifetime, clock: clock)
            case "paused": set(nick, expires: clock + TypingIndicator.pausedLifetime, clock: clock)
            case "done": remove(nick)
            default: break
            }
        case "PRIVMSG", "NOTICE", "PART", "QUIT", "NICK":
            remove(nick)
        case "KICK":
            if message.params.count > 1 { remove(message.params[1]) }
        default:
            break
        }
    }

    /// Forgets those whose time has run out by monotonic `clock` seconds.
    public mutating func expire(clock: Double) {
        typists.removeAll { $0.expires <= clock }
    }

    /// Forgets everyone, as when the connection is lost.
    public mutating func clear() {
        typists.removeAll()
    }

    /// Who is typing at monotonic `clock` seconds, in the order they started.
    public func nicks(at clock: Double) -> [String] {
        typists.filter { $0.expires > clock }.map(\.nick)
    }

    /// The line above the input: `bob is typing…`, `bob and carol are typing…`,
    /// `several people are typing…`, or "" when nobody is.
    public func text(at clock: Double) -> String {
        let nicks = nicks(at: clock)
        switch nicks.count {
        case 0: return ""
        case 1: return "\(nicks[0]) is typing…"
        case 2: return "\(nicks[0]) and \(nicks[1]) are typing…"
        default: return "several people are typing…"
        }
    }

    /// Whether nobody is shown as typing at monotonic `clock` seconds.
    public func isEmpty(at clock: Double) -> Bool {
        !typists.contains { $0.expires > clock }
    }

    /// The earliest moment someone's typing runs out (the line must then be redrawn); nil when nobody types.
    public var nextChange: Double? {
        typists.map(\.expires).min()
    }

    private mutating func set(_ nick: String, expires: Double, clock: Double) {
        let folded = Nickname.folded(nick)
        // Someone whose typing ran out starts over at the end of the line, like anyone new.
        typists.removeAll { $0.folded == folded && $0.expires <= clock }
        if let index = typists.firstIndex(where: { $0.folded == folded }) {
            typists[index].nick = nick
            typists[index].expires = expires
        } else {
            typists.append(Typist(nick: nick, folded: folded, expires: expires))
        }
    }

    private mutating func remove(_ nick: String) {
        let folded = Nickname.folded(nick)
        typists.removeAll { $0.folded == folded }
    }
}
