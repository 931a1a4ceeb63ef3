import LetsChatCore

/// What our client tells the room about the user's typing, as IRCv3 `+typing` tags on `TAGMSG`.
///
/// Fed the input line's text after every key and the clock when a deadline passes, it answers with
/// the notices to send: `active` when a message starts being typed and again at most every
/// `activeInterval` seconds while keys keep coming, `paused` after `pauseAfter` seconds without a key,
/// `done` when the line is emptied (or turned into a slash-command) without sending. Sending the message
/// ends typing by itself, so `messageSent()` sends nothing. While switched off (`--no-typing`,
/// `/typing off`) or when the server did not grant `message-tags`, nothing is ever sent.
///
/// Plain state owned by the UI thread; the monotonic clock is passed in.
public struct TypingNotifier: Sendable {
    /// A typing state as the `+typing` tag spells it.
    public enum State: String, Sendable {
        /// The user is typing.
        case active
        /// The user has text in the input line but stopped typing.
        case paused
        /// The user emptied the input line without sending.
        case done
    }

    /// One notice to send.
    public struct Notice: Equatable, Sendable {
        /// The room or nickname the user is typing to.
        public var target: String
        /// The state to announce.
        public var state: State

        /// The IRC line, without CR LF: `@+typing=active TAGMSG #room`.
        public var line: String {
            IRCLine(tags: [("+typing", state.rawValue)], command: "TAGMSG", params: [target]).text
        }
    }

    /// The shortest time between two `active` notices, in seconds.
    public static let activeInterval: Double = 3
    /// How long without a key turns `active` into `paused`, in seconds.
    public static let pauseAfter: Double = 6

    /// Whether the user allows typing notices (`--no-typing` and `/typing off` clear it).
    public private(set) var isEnabled: Bool
    /// Whether the server granted the `message-tags` capability on this connection.
    public private(set) var serverHasMessageTags = false

    /// What the others last heard from us, if it was `active` or `paused`.
    private var announced: Notice?
    private var lastText = ""
    private var lastKey = 0.0
    private var lastActive = 0.0

    /// Creates a notifier, switched on unless the user asked for `--no-typing`.
    public init(isEnabled: Bool = true) {
        self.isEnabled = isEnabled
    }

    /// The input line now reads `text`, aimed at `target`, at monotonic `clock` seconds.
    ///
    /// Call it after every key; a key that did not change the text (cursor movement) sends nothing.
    public mutating func inputChanged(to text: String, target: String, clock: Double) -> [Notice] {
        let retargeted = announced.map { $0.target != target } ?? false
        guard text != lastText || retargeted else { return [] }
        lastText = text
        guard isEnabled && serverHasMessageTags else { return [] }
        guard TypingNotifier.isMessage(text) else { return finish() }
        lastKey = clock
        var notices: [Notice] = []
        if let announced, announced.target != target {
            notices += finish()
        }
        if announced?.state != .active || clock >= lastActive + TypingNotifier.activeInterval {
            notices.append(announce(.active, to: target, clock: clock))
        }
        return notices
    }

    /// The line was sent as a message: the others' clients end our typing when it arrives.
    ///
    /// Call it before reporting the emptied input line, which then sends nothing.
    public mutating func messageSent() {
        announced = nil
        lastText = ""
    }

    /// What is due at monotonic `clock` seconds: an `active` for keys typed since the last one, or `paused`.
    public mutating func tick(clock: Double) -> [Notice] {
        guard let announced, announced.state == .active else { return [] }
        // The same sums as `nextDeadline`, so that a tick at that very moment always finds the notice due.
        if clock >= lastKey + TypingNotifier.pauseAfter {
            return [announce(.paused, to: announced.target, clock: clock)]
        }
        if lastKey > lastActive && clock >= lastActive + TypingNotifier.activeInterval {
            return [announce(.active, to: announced.target, clock: clock)]
        }
        return []
    }

    /// When `tick` next has something to send; nil when nothing is pending, so an idle client sleeps.
    public var nextDeadline: Double? {
        guard announced?.state == .active else { return nil }
        let pause = lastKey + TypingNotifier.pauseAfter
        return lastKey > lastActive ? min(lastActive + TypingNotifier.activeInterval, pause) : pause
    }

    /// Switches notices on or off. Switching off sends nothing: the others' `active` runs out by itself.
    public mutating func setEnabled(_ enabled: Bool) {
        isEnabled = enabled
        announced = nil
    }

    /// A new connection registered, with or without `message-tags`; the old one's state is forgotten.
    public mutating func connected(serverHasMessageTags: Bool) {
        self.serverHasMessageTags = serverHasMessageTags
        announced = nil
    }

    /// Whether `text` would be sent as a message; a lone `/` counts as the start of a command.
    private static func isMessage(_ text: String) -> Bool {
        guard text != "/", case .message = SlashCommand.parse(text) else { return false }
        return true
    }

    private mutating func announce(_ state: State, to target: String, clock: Double) -> Notice {
        let notice = Notice(target: target, state: state)
        announced = notice
        if state == .active { lastActive = clock }
        return notice
    }

    private mutating func finish() -> [Notice] {
        guard let announced else { return [] }
        self.announced = nil
        return [Notice(target: announced.target, state: .done)]
    }
}
