import LetsChatCore

/// What each server command means to the client, in one table.
///
/// A row says what the network thread must do the moment the line arrives (`step`: only what cannot
/// wait for the UI — capability negotiation, PING, joining after 001, the nickname fallback and
/// giving up while registering, the server's send limits) and how the UI thread shows it (`show`).
/// The network thread runs `step`, then hands every line to the UI thread, which runs `show`.
/// Commands without a row are ignored, but for error numerics (4xx, 5xx), which are shown as errors.
enum ServerReplies {
    /// A server line as a `show` handler sees it.
    struct Line {
        /// The line.
        let message: IRCMessage
        /// When it happened: its `time` tag, else when it arrived.
        let when: Timestamp
        /// When it arrived (UTC).
        let now: Timestamp
        /// The sender's nickname, or empty.
        let from: String
        /// Whether the sender is the user.
        let isSelf: Bool
        /// Whether it is replayed history (its time is before this connection).
        let isHistory: Bool

        /// The parameters.
        var params: [String] { message.params }
        /// The last parameter, or empty.
        var last: String { message.params.last ?? "" }
    }

    /// One row of the table.
    struct Entry: Sendable {
        /// What the network thread does at once; nil for nothing.
        let step: (@Sendable (inout Registration, IRCMessage) -> Registration.Reaction)?
        /// How the UI thread shows the line; nil for nothing.
        let show: (@Sendable (inout ChatSession, Line, inout [ChatSession.Effect]) -> Void)?

        /// A row that takes `step` on the network thread and `show` on the UI thread (either may be nil).
        init(step: (@Sendable (inout Registration, IRCMessage) -> Registration.Reaction)? = nil,
             show: (@Sendable (inout ChatSession, Line, inout [ChatSession.Effect]) -> Void)? = nil) {
            self.step = step
            self.show = show
        }
    }

    /// The row for `command`, or nil for a command the client ignores.
    static func entry(for command: String) -> Entry? {
        if let entry = table[command] { return entry }
        let isError = command.count == 3 && command.allSatisfy(\.isNumber) && (command.hasPrefix("4") || command.hasPrefix("5"))
        return isError ? errorNumeric : nil
    }

    private static let greeting = Entry(show: { session, line, _ in session.showGreeting(line) })
    private static let errorNumeric = Entry(show: { session, line, _ in session.showErrorNumeric(line) })
    private static let nickRefused = Entry(step: { $0.nickRefused($1) }, show: { session, line, _ in
        session.showNickRefused(line)
    })

    /// Every command the client acts on.
    static let table: [String: Entry] = [
        "PING": Entry(step: { $0.pong($1) }),
        "CAP": Entry(step: { $0.negotiate($1) }, show: { session, line, _ in session.showCapabilities(line) }),
        "001": Entry(step: { $0.welcome($1) }, show: { session, line, effects in session.showWelcome(line, &effects) }),
        "002": greeting, "003": greeting, "375": greeting, "372": greeting, "376": greeting, "422": greeting,
        "005": Entry(step: { $0.support($1) }),
        "PRIVMSG": Entry(show: { session, line, effects in session.showMessage(line, &effects) }),
        "NOTICE": Entry(show: { session, line, effects in session.showMessage(line, &effects) }),
        "JOIN": Entry(show: { session, line, effects in session.showJoin(line, &effects) }),
        "PART": Entry(show: { session, line, effects in session.showPart(line, &effects) }),
        "QUIT": Entry(show: { session, line, effects in session.showQuit(line, &effects) }),
        "NICK": Entry(step: { $0.renamed($1) }, show: { session, line, effects in session.showNick(line, &effects) }),
        "TOPIC": Entry(show: { session, line, effects in session.showTopicChange(line, &effects) }),
        "332": Entry(show: { session, line, _ in session.showTopic(line) }),
        "353": Entry(show: { session, line, _ in session.gatherNames(line) }),
        "366": Entry(show: { session, _, _ in session.finishNames() }),
        "432": nickRefused, "433": nickRefused,
        "464": Entry(step: { $0.passwordRefused($1) }, show: errorNumeric.show),
        "ERROR": Entry(show: { session, line, _ in session.note(line.last, kind: .error, time: line.when) }),
    ]
}
