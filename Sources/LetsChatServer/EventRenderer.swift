import LetsChatCore

/// Writes room events, private messages and server notices in each audience's form: IRC lines
/// (through `IRCLine`; room events live or replayed) and readable text lines.
struct EventRenderer: Sendable {
    /// The room's name, e.g. `#letschat`.
    let channel: String
    /// The server's name, the source of server notices.
    let serverName: String

    /// An event as it happens, in `audience`'s form.
    func bytes(for audience: Audience, _ event: RoomEvent, source: String, isQuit: Bool) -> [UInt8] {
        switch audience {
        case .irc(let serverTime, _): ircLive(event, source: source, isQuit: isQuit, timeTag: serverTime)
        case .text: Array(text(event).utf8)
        }
    }

    /// A past event as a newcomer is sent it, in `audience`'s form.
    func replayBytes(for audience: Audience, _ event: RoomEvent) -> [UInt8] {
        switch audience {
        case .irc(let serverTime, _): ircReplay(event, timeTag: serverTime)
        case .text: Array(text(event).utf8)
        }
    }

    /// The IRC line for an event as it happens, with CR LF.
    func ircLive(_ event: RoomEvent, source: String, isQuit: Bool, timeTag: Bool) -> [UInt8] {
        let tags = timeTags(event, timeTag)
        var line: IRCLine
        switch event.kind {
        case .message, .action, .notice:
            line = IRCLine(tags: tags, source: source, command: event.kind == .notice ? "NOTICE" : "PRIVMSG")
            line.param(channel)
            line.trailing(event.kind == .action ? CTCPAction.wrap(event.text) : event.text)
        case .join:
            line = IRCLine(tags: tags, source: source, command: "JOIN")
            line.param(channel)
        case .leave where isQuit:
            line = IRCLine(tags: tags, source: source, command: "QUIT")
            line.trailing(event.text.isEmpty ? "Quit" : event.text)
        case .leave:
            line = IRCLine(tags: tags, source: source, command: "PART")
            line.param(channel)
            if !event.text.isEmpty { line.trailing(event.text) }
        case .nick:
            line = IRCLine(tags: tags, source: source, command: "NICK")
            line.trailing(event.text)
        case .topic:
            line = IRCLine(tags: tags, source: source, command: "TOPIC")
            line.param(channel)
            line.trailing(event.text)
        }
        return line.wire
    }

    /// The IRC line replaying a past event to a newcomer, with CR LF.
    ///
    /// Messages keep their author when the client reads `time` tags; membership changes become
    /// server notices, because a replayed JOIN or QUIT would corrupt the client's member list.
    func ircReplay(_ event: RoomEvent, timeTag: Bool) -> [UInt8] {
        guard timeTag else {
            return notice("[\(LocalTime.minuteText(event.time))] \(describe(event, nickStyle: .angle))", to: channel).wire
        }
        switch event.kind {
        case .message, .action, .notice:
            return ircLive(event, source: "\(event.nick)!\(event.nick)@history", isQuit: false, timeTag: true)
        case .join, .leave, .nick, .topic:
            return notice(change(event), to: channel, tags: timeTags(event, true)).wire
        }
    }

    /// A private message or notice (`command`) from `sender` (its nickname, and its `nick!user@host`
    /// as `source`) to the client `nick`, in `audience`'s form.
    func privateMessage(_ command: String, from sender: String, source: String, to nick: String, text: String,
                        time: Timestamp, audience: Audience) -> [UInt8] {
        switch audience {
        case .irc(let serverTime, _):
            var line = IRCLine(tags: serverTime ? [("time", time.iso8601)] : [], source: source, command: command)
            line.param(nick)
            line.trailing(text)
            return line.wire
        case .text:
            return Array(self.text(RoomEvent(time: time, kind: .message, nick: "(private) \(sender)", text: text)).utf8)
        }
    }

    /// A notice from the server to a connected client (`target`: the room, or its nickname outside it).
    func serverNotice(_ text: String, to target: String, audience: Audience) -> [UInt8] {
        switch audience {
        case .irc: notice(text, to: target).wire
        case .text: Array("-- \(text)\n".utf8)
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

    private func notice(_ text: String, to target: String, tags: [(key: String, value: String)] = []) -> IRCLine {
        var line = IRCLine(tags: tags, source: serverName, command: "NOTICE")
        line.param(target)
        line.trailing(text)
        return line
    }

    private func timeTags(_ event: RoomEvent, _ timeTag: Bool) -> [(key: String, value: String)] {
        timeTag ? [("time", event.time.iso8601)] : []
    }
}
