import LetsChatCore

/// Writes room events in each audience's form: IRC lines (live or replayed) and readable text lines.
struct EventRenderer: Sendable {
    /// The room's name, e.g. `#letschat`.
    let channel: String
    /// The server's name, the source of server notices.
    let serverName: String

    /// An event as it happens, in `audience`'s form.
    func bytes(for audience: Audience, _ event: RoomEvent, source: String, isQuit: Bool) -> [UInt8] {
        switch audience {
        case .irc(let serverTime, _): Array(ircLive(event, source: source, isQuit: isQuit, timeTag: serverTime).utf8)
        case .text: Array(text(event).utf8)
        }
    }

    /// The IRC line for an event as it happens, with CR LF.
    func ircLive(_ event: RoomEvent, source: String, isQuit: Bool, timeTag: Bool) -> String {
        let body: String
        switch event.kind {
        case .message: body = "PRIVMSG \(channel) :\(event.text)"
        case .action: body = "PRIVMSG \(channel) :" + CTCPAction.wrap(event.text)
        case .notice: body = "NOTICE \(channel) :\(event.text)"
        case .join: body = "JOIN \(channel)"
        case .leave:
            if isQuit {
                body = "QUIT :\(event.text.isEmpty ? "Quit" : event.text)"
            } else {
                body = event.text.isEmpty ? "PART \(channel)" : "PART \(channel) :\(event.text)"
            }
        case .nick: body = "NICK :\(event.text)"
        case .topic: body = "TOPIC \(channel) :\(event.text)"
        }
        return tagged(event, timeTag) + ":\(source) \(body)\r\n"
    }

    /// The IRC line replaying a past event to a newcomer, with CR LF.
    ///
    /// Messages keep their author when the client reads `time` tags; membership changes become
    /// server notices, because a replayed JOIN or QUIT would corrupt the client's member list.
    func ircReplay(_ event: RoomEvent, timeTag: Bool) -> String {
        guard timeTag else {
            return ":\(serverName) NOTICE \(channel) :[\(LocalTime.minuteText(event.time))] \(describe(event, nickStyle: .angle))\r\n"
        }
        let source = "\(event.nick)!\(event.nick)@history"
        switch event.kind {
        case .message, .action, .notice:
            return ircLive(event, source: source, isQuit: false, timeTag: true)
        case .join, .leave, .nick, .topic:
            return tagged(event, true) + ":\(serverName) NOTICE \(channel) :\(change(event))\r\n"
        }
    }

    /// The readable line text clients get, live and replayed, with LF.
    func text(_ event: RoomEvent) -> String {
        var plain = event
        plain.text = TextSanitizer.stripFormatting(event.text)
        return "[\(LocalTime.minuteText(event.time))] \(describe(plain, nickStyle: .colon))\n"
    }

    /// How a message names its author: `<nick> text` (angle) or `nick: text` (colon).
    enum NickStyle { case angle, colon }

    private func describe(_ event: RoomEvent, nickStyle: NickStyle) -> String {
        switch event.kind {
        case .message: nickStyle == .angle ? "<\(event.nick)> \(event.text)" : "\(event.nick): \(event.text)"
        case .action: "* \(event.nick) \(event.text)"
        case .notice: "-\(event.nick)- \(event.text)"
        case .join, .leave, .nick, .topic: "-- " + change(event)
        }
    }

    /// A membership or topic change in words, such as `alice joined the chat`.
    private func change(_ event: RoomEvent) -> String {
        switch event.kind {
        case .join: "\(event.nick) joined the chat"
        case .leave: event.text.isEmpty ? "\(event.nick) left the chat" : "\(event.nick) left the chat (\(event.text))"
        case .nick: "\(event.nick) is now known as \(event.text)"
        case .topic: "\(event.nick) set the topic to: \(event.text)"
        case .message, .action, .notice: describe(event, nickStyle: .angle)
        }
    }

    private func tagged(_ event: RoomEvent, _ timeTag: Bool) -> String {
        timeTag ? "@time=\(event.time.iso8601) " : ""
    }
}
