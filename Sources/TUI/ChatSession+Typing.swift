import LetsChatCore

/// The typing indicator's part of the session: `+typing` notices out as the input line changes, and
/// who else is typing in from the server's TAGMSGs and messages.
extension ChatSession {
    /// The earliest monotonic second at which `tick` has something to do (a notice to send, someone's
    /// typing to run out); nil when nothing is pending, so the event loop sleeps without a timeout.
    public var nextDeadline: Double? {
        [typingNotifier.nextDeadline, typingIndicator.nextChange].compactMap { $0 }.min()
    }

    /// Carries out what is due at monotonic `clock` seconds: a `paused` or repeated `active` notice to
    /// send, and forgetting typing that ran out (the caller redraws).
    public mutating func tick(clock: Double) -> [Effect] {
        typingIndicator.expire(clock: clock)
        return typingNotifier.tick(clock: clock).map { .sendTyping($0.line) }
    }

    /// Tells the notifier what the input line reads after a key; the notices it answers with.
    ///
    /// Nothing is announced while choosing a nickname or before we are in the room.
    mutating func inputChanged(clock: Double) -> [Effect] {
        guard connection == .connected, !askingNick else { return [] }
        return typingNotifier.inputChanged(to: input.text, target: channel, clock: clock).map { .sendTyping($0.line) }
    }

    /// `/typing on|off`: whether the room hears of the user's typing, until the client exits.
    mutating func setTyping(_ word: String) {
        switch word.lowercased() {
        case "on":
            typingNotifier.setEnabled(true)
            note(typingNotifier.serverHasMessageTags ? "Typing notices on: the room sees when you type."
                 : "Typing notices on, but this server does not relay them (no message-tags).")
        case "off":
            typingNotifier.setEnabled(false)
            note("Typing notices off: the room no longer sees when you type. Others' typing is still shown.")
        default:
            note("Usage: /typing on|off", kind: .error)
        }
    }

    /// CAP ACK: remembers what the server granted (a `-name` takes a capability back). A server may
    /// answer after 001 (some do not wait for `CAP END`); the notifier then hears of it at once.
    mutating func showCapabilities(_ line: ServerReplies.Line) {
        guard line.params.count > 1, line.params[1].uppercased() == "ACK" else { return }
        for name in line.last.split(separator: " ") {
            if name.hasPrefix("-") {
                grantedCapabilities.remove(String(name.dropFirst()))
            } else {
                grantedCapabilities.insert(String(name))
            }
        }
        if connection == .connected { typingWelcomed() }
    }

    /// 001: typing notices may flow if the server granted `message-tags` (the JOIN went out already).
    mutating func typingWelcomed() {
        let hasTags = grantedCapabilities.contains("message-tags")
        typingNotifier.connected(serverHasMessageTags: hasTags)
        if hasTags { hasTypingRow = true }
    }

    /// A new connection: nothing granted yet, nothing announced on it.
    mutating func connectionStarted() {
        grantedCapabilities = []
        typingNotifier.connected(serverHasMessageTags: false)
    }

    /// The connection is gone: nobody's typing can be refreshed or ended, and ours is forgotten.
    mutating func connectionLost() {
        typingIndicator.clear()
        typingNotifier.connected(serverHasMessageTags: false)
    }

    /// Lets the indicator see a server line: `+typing` TAGMSGs (to the room or to us, as private
    /// messages share the pane), and the messages and departures that end someone's typing.
    mutating func noteTyping(in message: IRCMessage, clock: Double) {
        typingIndicator.apply(message, ownNick: nick, clock: clock)
    }
}
