/// CTCP ACTION (`/me waves`), the one place that wraps and unwraps it for the server and the client.
///
/// On the wire an action is a PRIVMSG whose text is `\u{1}ACTION waves\u{1}`; the closing `\u{1}`
/// is optional on input, as clients in the wild sometimes leave it off.
public enum CTCPAction {
    /// The bytes the framing adds around an action's text, for fitting a message into a line.
    public static let framingBytes = "\u{1}ACTION \u{1}".utf8.count

    /// The PRIVMSG text that carries `text` as an action.
    public static func wrap(_ text: some StringProtocol) -> String {
        "\u{1}ACTION \(text)\u{1}"
    }

    /// What a PRIVMSG or NOTICE text says: plain text, an action's text, or another CTCP request.
    public static func unwrap(_ text: String) -> Unwrapped {
        guard text.hasPrefix("\u{1}") else { return .plain(text) }
        let body = text.dropFirst().prefix { $0 != "\u{1}" }
        guard body.hasPrefix("ACTION ") else { return .otherCTCP }
        return .action(String(body.dropFirst("ACTION ".count)))
    }

    /// The reading of one message text.
    public enum Unwrapped: Equatable, Sendable {
        /// Ordinary text.
        case plain(String)
        /// A `/me` action's text, without the framing.
        case action(String)
        /// A CTCP request other than ACTION (VERSION, PING, ...), which a room does not show.
        case otherCTCP
    }
}
