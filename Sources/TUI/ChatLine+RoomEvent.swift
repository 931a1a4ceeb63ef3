import LetsChatCore

extension ChatLine {
    /// The line that shows a room event, as seen by the user called `ownNick`.
    ///
    /// Messages, actions and notices keep their kind; a message or action from someone else that
    /// names `ownNick` is a mention. Joins, leaves, nick and topic changes become dimmed events.
    public init(event: RoomEvent, ownNick: String, isHistory: Bool = false) {
        let isOwn = Nickname.folded(event.nick) == Nickname.folded(ownNick)
        let mentioned = !isOwn && Self.mentions(event.text, nick: ownNick)
        let kind: Kind
        let text: String
        switch event.kind {
        case .message: (kind, text) = (.message, event.text)
        case .action: (kind, text) = (.action, event.text)
        case .notice: (kind, text) = (.notice, event.text)
        case .join: (kind, text) = (.event, "\(event.nick) has joined")
        case .leave:
            (kind, text) = (.event, "\(event.nick) has left" + (event.text.isEmpty ? "" : " (\(event.text))"))
        case .nick: (kind, text) = (.event, "\(event.nick) is now known as \(event.text)")
        case .topic:
            (kind, text) = (.event, event.text.isEmpty
                ? "\(event.nick) cleared the topic" : "\(event.nick) set the topic: \(event.text)")
        }
        self.init(time: event.time, kind: kind, nick: event.nick, text: text, isOwn: isOwn,
                  isMention: mentioned && kind != .event, isHistory: isHistory)
    }

    /// Whether `text` names `nick` as a whole word, ignoring ASCII case (`alice:` and `@Alice` do, `malice` does not).
    public static func mentions(_ text: String, nick: String) -> Bool {
        let needle = Array(Nickname.folded(nick).utf8)
        let haystack = Array(Nickname.folded(text).utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            let end = start + needle.count
            guard haystack[start..<end].elementsEqual(needle) else { continue }
            let before = start == 0 ? nil : haystack[start - 1]
            let after = end == haystack.count ? nil : haystack[end]
            if !isNickByte(before) && !isNickByte(after) { return true }
        }
        return false
    }

    private static func isNickByte(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        let isDigit = byte >= 0x30 && byte <= 0x39
        return isLetter || isDigit || "[]\\`_^{|}-".utf8.contains(byte)
    }
}
