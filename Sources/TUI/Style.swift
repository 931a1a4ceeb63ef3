/// How a piece of text is drawn; the terminal adapter maps each style to colours and attributes.
public enum Style: Hashable, Sendable {
    /// Default colours.
    case plain
    /// The user's own nickname and messages (green).
    case own
    /// Another user's nickname, coloured by `NickColor.palette[index]`.
    case nick(Int)
    /// Joins, leaves, nick changes, topic changes and other low-importance text.
    case dim
    /// A message that mentions the user.
    case mention
    /// An error reported locally.
    case error
    /// Local information from the client itself (help, usage, markers, headers).
    case info
    /// The time stamp at the start of a line.
    case time
    /// The status bar (reverse video).
    case status
}
