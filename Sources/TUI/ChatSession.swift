import LetsChatCore

/// Everything the client shows and remembers: plain state, changed only by `apply`, read by `frame`.
///
/// Owned by the UI thread. Network events and keys go in; `Effect`s come out for the event loop to
/// carry out (send a line, register, quit, ring the bell, log a line), so this type needs no
/// terminal and no socket and is unit-tested directly.
public struct ChatSession: Sendable {
    /// The state of the connection, as the status bar shows it.
    public enum Connection: Equatable, Sendable {
        /// Connected, registering.
        case registering
        /// Registered and in the room.
        case connected
        /// Disconnected; the next attempt is due at `due` (monotonic seconds).
        case reconnecting(due: Double)
        /// Disconnected, no attempt scheduled yet.
        case offline
    }

    /// Something the event loop must do.
    public enum Effect: Equatable, Sendable {
        /// Send this IRC line (no CR LF).
        case send(String)
        /// Register with this nickname.
        case register(String)
        /// Quit with this reason and exit.
        case quit(String)
        /// Ring the terminal bell.
        case bell
        /// Repaint the whole screen (Ctrl-L).
        case redraw
        /// Append this line to the local log.
        case log(ChatLine)
        /// Drop the lines still waiting to be paced out to the server.
        case cancelSending
        /// Send this `+typing` notice (no CR LF) ahead of the lines waiting for the pacer, outside their
        /// progress count: a notice that waited behind a paste would tell of typing long over.
        case sendTyping(String)
    }

    /// The message pane.
    public var scrollback = Scrollback()
    /// The sidebar's names.
    public var users = UserList()
    /// The input line.
    public var input = InputLine()
    /// Tab completion state.
    public var completion = Completion()
    /// The nickname the server knows us by; nil until registered.
    public var nick: String?
    /// Whether the input line is asking for a nickname (before registration).
    public var askingNick: Bool
    /// The room's name.
    public let channel: String
    /// `host:port`, for the status bar.
    public let serverLabel: String
    /// Addresses others can join with, when this client hosts the room.
    public var joinHint: String?
    /// The room's topic.
    public var topic = ""
    /// The connection's state.
    public var connection = Connection.registering
    /// Whether the connection is encrypted (TLS); the status bar always says which.
    public var isEncrypted = false
    /// Whether the user wants the sidebar (F2 toggles).
    public var sidebarWanted = true
    /// Messages typed while offline, sent after reconnecting.
    public var pendingMessages: [String] = []
    /// A multi-line paste waiting for Enter.
    public var pendingPaste: [String] = []
    /// The terminal size the state was last laid out for.
    public var columns = 80, rows = 24
    /// The local time zone, in seconds east of UTC, that day lines are dated in; the event loop keeps it current.
    public var utcOffsetSeconds = 0
    /// How far the lines waiting to be paced out to the server have got; nil when none wait.
    public var sending: SendProgress?
    /// Nicks by how recently they spoke, most recent first, for completion.
    var recentSpeakers: [String] = []
    /// Names gathered from 353 replies until 366 ends the list; nil when no list is arriving.
    var namesInProgress: [String]?
    /// The lines of a bracketed paste still arriving; nil when no paste is under way.
    var pasting: [String]?
    /// Whether the client has registered before, so that the next 001 means it reconnected.
    var registeredOnce = false
    /// The UTC instant of the current connection; older `time` tags are history.
    var connectedAt = Timestamp(milliseconds: 0)
    /// The newest `time` tag received so far.
    var newestTime: Timestamp?
    /// The newest `time` tag received before this connection: replayed lines up to it are on screen already.
    var replayCutoff: Timestamp?
    /// Own room lines the server has not sent back yet; the replay after a reconnection does, once.
    var unreplayedOwn: [ChatLine] = []
    /// Whether the server's greeting (002, 003, MOTD) was shown; a reconnection repeats it, unshown.
    var greetingShown = false
    /// The local day of the newest dated line in the pane, so a day line goes where the date changes.
    var paneDay: Int?
    /// What the room hears of the user's typing (`+typing` notices).
    public var typingNotifier = TypingNotifier()
    /// Who else is typing, for the row above the input.
    public var typingIndicator = TypingIndicator()
    /// Whether the screen has a row for who is typing: from the first connection that granted
    /// `message-tags` (without it nobody's typing reaches us) until exit, so that the message pane
    /// does not jump as people start and stop typing.
    public var hasTypingRow = false
    /// The capabilities the server granted on this connection (`CAP ACK`).
    var grantedCapabilities: Set<String> = []

    /// How many of the lines waiting for the pacer went out.
    public struct SendProgress: Equatable, Sendable {
        /// Lines sent so far.
        public var sent: Int
        /// Lines in all, sent or waiting.
        public var total: Int
    }

    /// Creates the state for a session with `channel` on `serverLabel`; `nick` nil asks for one,
    /// prefilled with `suggestedNick`.
    public init(channel: String, serverLabel: String, nick: String?, suggestedNick: String) {
        self.channel = channel
        self.serverLabel = serverLabel
        self.nick = nick
        askingNick = nick == nil
        if nick == nil {
            input.replace(text: suggestedNick, cursor: suggestedNick.count)
            note("Choose a nickname and press Enter.", kind: .info)
        }
    }

    /// Adds a local line (help, errors, status) to the pane.
    mutating func note(_ text: String, kind: ChatLine.Kind = .info, time: Timestamp? = nil) {
        append(ChatLine(time: time, kind: kind, text: text))
    }

    /// Adds a line to the pane and asks for it to be logged.
    mutating func show(_ line: ChatLine, into effects: inout [Effect]) {
        append(line)
        if line.isOwn && (line.kind == .message || line.kind == .action) {
            unreplayedOwn.append(line)
            if unreplayedOwn.count > 100 { unreplayedOwn.removeFirst() }
        }
        effects.append(.log(line))
        if line.isMention && !line.isHistory { effects.append(.bell) }
    }

    /// Adds a line to the pane, after a day line when its local date differs from the line before
    /// (or, for the first dated line, from the day this connection began).
    private mutating func append(_ line: ChatLine) {
        if let time = line.time {
            let day = DayLine.day(of: time, utcOffsetSeconds: utcOffsetSeconds)
            if day != paneDay ?? DayLine.day(of: connectedAt, utcOffsetSeconds: utcOffsetSeconds) {
                scrollback.append(DayLine.line(day: day))
            }
            paneDay = day
        }
        scrollback.append(line)
    }

    /// Empties the message pane.
    mutating func clearPane() {
        scrollback.clear()
        paneDay = nil
    }

    /// The message pane's size for the current layout.
    var paneSize: (width: Int, height: Int) {
        let layout = currentLayout
        return (max(1, layout.messages.width), max(1, layout.messages.height))
    }

    /// The layout for the current size and sidebar wish.
    var currentLayout: Layout {
        Layout(columns: columns, rows: rows, wantsSidebar: sidebarWanted, longestNick: users.longestNick,
               typingRow: hasTypingRow)
    }

    /// Puts `nick` first among the recent speakers, keeping the 50 most recent.
    mutating func spoke(_ nick: String) {
        recentSpeakers.removeAll { Nickname.folded($0) == Nickname.folded(nick) }
        recentSpeakers.insert(nick, at: 0)
        if recentSpeakers.count > 50 { recentSpeakers.removeLast() }
    }

    /// Nicks for completion: recent speakers first, then everyone else in the room.
    var completionNicks: [String] {
        let own = nick.map(Nickname.folded)
        let recent = recentSpeakers.filter { users.contains($0) && Nickname.folded($0) != own }
        let rest = users.nicks.filter { nick in
            Nickname.folded(nick) != own && !recent.contains { Nickname.folded($0) == Nickname.folded(nick) }
        }
        return recent + rest
    }
}
