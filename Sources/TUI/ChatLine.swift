import LetsChatCore

/// One entry in the message pane: a message, action, notice, room event, private message or local note.
///
/// The nick and text are cleaned when the line is made (IRC formatting, control characters and
/// escape sequences removed), so whatever the network sent is safe to print.
public struct ChatLine: Equatable, Sendable {
    /// What the line is, which decides its prefix and styles.
    public enum Kind: Equatable, Sendable {
        /// A message to the room: `<nick> text`.
        case message
        /// A `/me` action: `* nick text`.
        case action
        /// A notice: `-nick- text`.
        case notice
        /// A join, leave, nick change or topic change, drawn dimmed: `-!- text`.
        case event
        /// A private message; `nick` is the other person: `[PM nick] text`, or `[PM → nick] text` when own.
        case privateMessage
        /// Local information from the client: `-- text`.
        case info
        /// A local error: `!! text`.
        case error
        /// Where the local date changes: `-- Tuesday 1 December 2026 --`, the text being all of it.
        case day
    }

    /// When it happened (UTC), or nil for a line without a time (local notes before connecting).
    public let time: Timestamp?
    /// What kind of line this is.
    public let kind: Kind
    /// Who sent it, or for an own private message whom it went to.
    public let nick: String?
    /// The text after the prefix.
    public let text: String
    /// Whether the user sent it.
    public let isOwn: Bool
    /// Whether it mentions the user's nickname.
    public let isMention: Bool
    /// Whether it was replayed from the room's history on joining.
    public let isHistory: Bool

    /// Creates a line, cleaning `nick` and `text` for display.
    public init(time: Timestamp? = nil, kind: Kind, nick: String? = nil, text: String, isOwn: Bool = false,
                isMention: Bool = false, isHistory: Bool = false) {
        self.time = time
        self.kind = kind
        self.nick = nick.map(Self.clean)
        self.text = Self.clean(text)
        self.isOwn = isOwn
        self.isMention = isMention
        self.isHistory = isHistory
    }

    /// The time as `HH:MM ` in local time `utcOffsetSeconds` east of UTC, or empty when there is no time.
    public func timeText(utcOffsetSeconds: Int) -> String {
        guard let time else { return "" }
        let fields = Timestamp(milliseconds: time.milliseconds + Int64(utcOffsetSeconds) * 1000).fields
        return "\(fields.hour < 10 ? "0" : "")\(fields.hour):\(fields.minute < 10 ? "0" : "")\(fields.minute) "
    }

    /// The text between the time and `text`, such as `<alice> ` or `-!- `.
    public var prefix: String {
        let name = nick ?? ""
        switch kind {
        case .message: return "<\(name)> "
        case .action: return "* \(name) "
        case .notice: return "-\(name)- "
        case .event: return "-!- "
        case .privateMessage: return isOwn ? "[PM → \(name)] " : "[PM \(name)] "
        case .info: return "-- "
        case .error: return "!! "
        case .day: return ""
        }
    }

    /// The whole line as plain text: time, prefix and text.
    public func plainText(utcOffsetSeconds: Int) -> String {
        timeText(utcOffsetSeconds: utcOffsetSeconds) + prefix + text
    }

    /// The whole line as styled pieces, before wrapping.
    public func segments(utcOffsetSeconds: Int) -> [(text: String, style: Style)] {
        var pieces: [(text: String, style: Style)] = []
        let stamp = timeText(utcOffsetSeconds: utcOffsetSeconds)
        if !stamp.isEmpty { pieces.append((stamp, .time)) }
        let name = nick ?? ""
        let nickStyle: Style = isOwn ? .own : .nick(NickColor.index(for: name))
        // Own lines are green from nick to end, so the user finds them at a glance.
        let textStyle: Style = isOwn ? .own : isMention ? .mention : .plain
        switch kind {
        case .message:
            pieces += [("<\(name)>", nickStyle), (" " + text, textStyle)]
        case .action:
            pieces += [("* ", textStyle), (name, nickStyle), (" " + text, textStyle)]
        case .notice:
            pieces += [("-\(name)-", nickStyle), (" " + text, textStyle)]
        case .privateMessage:
            pieces += [(String(prefix.dropLast()), nickStyle), (" " + text, textStyle)]
        case .event, .day:
            pieces.append((prefix + text, .dim))
        case .info:
            pieces.append((prefix + text, .info))
        case .error:
            pieces.append((prefix + text, .error))
        }
        return pieces
    }

    /// The line wrapped into rows of at most `width` columns.
    public func rows(width: Int, utcOffsetSeconds: Int) -> [DisplayRow] {
        let width = max(1, width)
        let (cells, styles) = styledCells(width: width, utcOffsetSeconds: utcOffsetSeconds)
        return LineWrapper.rowRanges(cells, width: width).map { range in
            var row = DisplayRow()
            for index in range {
                if let last = row.segments.last, last.style == styles[index] {
                    row.segments[row.segments.count - 1].text.append(cells[index].character)
                } else {
                    row.segments.append((String(cells[index].character), styles[index]))
                }
            }
            return row
        }
    }

    /// How many rows `rows(width:utcOffsetSeconds:)` gives; the time zone never changes it.
    public func rowCount(width: Int) -> Int {
        let width = max(1, width)
        return LineWrapper.rowRanges(styledCells(width: width, utcOffsetSeconds: 0).cells, width: width).count
    }

    private func styledCells(width: Int, utcOffsetSeconds: Int)
        -> (cells: [(character: Character, width: Int)], styles: [Style]) {
        var characters: [Character] = []
        var styles: [Style] = []
        for piece in segments(utcOffsetSeconds: utcOffsetSeconds) {
            for character in piece.text {
                characters.append(character)
                styles.append(piece.style)
            }
        }
        return (LineWrapper.cells(characters, width: width), styles)
    }

    private static func clean(_ text: String) -> String {
        TextSanitizer.clean(TextSanitizer.stripFormatting(text), keepFormatting: false)
    }
}
