import LetsChatCore

/// Writes room events, private messages and server notices in each audience's form: IRC lines
/// (through `IRCLine`; room events live or replayed) and readable text lines.
///
/// Tags go by audience: `time` with `server-time`; `msgid` and the sender's client-only tags with
/// `message-tags`. Tag-only events (TAGMSG) are nothing at all to an audience without `message-tags`.
struct EventRenderer: Sendable {
    /// The room's name, e.g. `#letschat`.
    let channel: String
    /// The server's name, the source of server notices.
    let serverName: String

    /// An event as it happens, with the client-only tags its sender attached, in `audience`'s form.
    func bytes(for audience: Audience, _ event: RoomEvent, source: String, isQuit: Bool,
               clientTags: ClientTags = ClientTags([])) -> [UInt8] {
        switch audience {
        case .irc(let serverTime, _, let messageTags):
            ircLive(event, source: source, isQuit: isQuit, timeTag: serverTime,
                    clientTags: messageTags ? clientTags : nil)
        case .text: event.kind == .tagsOnly ? [] : Array(text(event).utf8)
        }
    }

    /// A past event as a newcomer is sent it, in `audience`'s form.
    func replayBytes(for audience: Audience, _ event: RoomEvent) -> [UInt8] {
        switch audience {
        case .irc(let serverTime, _, let messageTags): ircReplay(event, timeTag: serverTime, idTag: messageTags)
        case .text: event.kind == .tagsOnly ? [] : Array(text(event).utf8)
        }
    }

    /// The IRC line for an event as it happens, with CR LF. `clientTags` is nil for a client without
    /// `message-tags`, which gets neither them nor the `msgid` nor a tag-only event.
    func ircLive(_ event: RoomEvent, source: String, isQuit: Bool, timeTag: Bool, clientTags: ClientTags?) -> [UInt8] {
        let tags = messageTags(event, timeTag: timeTag, clientTags: clientTags)
        var line: IRCLine
        switch event.kind {
        case .tagsOnly:
            guard clientTags != nil else { return [] }
            line = IRCLine(tags: tags, source: source, command: "TAGMSG")
            line.param(channel)
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
    /// server notices, because a replayed JOIN or QUIT would corrupt the client's member list. With
    /// `idTag` a message carries its `msgid` (in either form), so a client can tell one it already has.
    func ircReplay(_ event: RoomEvent, timeTag: Bool, idTag: Bool) -> [UInt8] {
        guard event.kind != .tagsOnly else { return [] }
        guard timeTag else {
            let tags: [(key: String, value: String)] = idTag ? event.id.map { [("msgid", $0)] } ?? [] : []
            return notice("[\(LocalTime.minuteText(event.time))] \(describe(event, nickStyle: .angle))", to: channel,
                          tags: tags).wire
        }
        switch event.kind {
        case .message, .action, .notice:
            return ircLive(event, source: "\(event.nick)!\(event.nick)@history", isQuit: false, timeTag: true,
                           clientTags: idTag ? ClientTags([]) : nil)
        case .join, .leave, .nick, .topic, .tagsOnly:
            return notice(change(event), to: channel, tags: timeTags(event, true)).wire
        }
    }

    /// A private PRIVMSG, NOTICE or TAGMSG (`command`) from `sender` (its nickname, and its
    /// `nick!user@host` as `source`) to the client `nick`, with `msgid` `id` and the sender's
    /// `clientTags`, in `audience`'s form; a TAGMSG is nothing to an audience without `message-tags`.
    func privateMessage(_ command: String, from sender: String, source: String, to nick: String, text: String,
                        time: Timestamp, id: String, clientTags: ClientTags, audience: Audience) -> [UInt8] {
        let isTagsOnly = command == "TAGMSG"
        switch audience {
        case .irc(let serverTime, _, let messageTags):
            guard messageTags || !isTagsOnly else { return [] }
            var serverTags: [ClientTags.Tag] = serverTime ? [.init(key: "time", value: time.iso8601)] : []
            if messageTags { serverTags.append(.init(key: "msgid", value: id)) }
            var line = IRCLine(tags: clientTags.lineTags(serverTags: serverTags, includeClientTags: messageTags),
                               source: source, command: command)
            line.param(nick)
            if !isTagsOnly { line.trailing(text) }
            return line.wire
        case .text:
            guard !isTagsOnly else { return [] }
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
        case .join, .leave, .nick, .topic, .tagsOnly: "-- " + change(event)
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
        // Never written: tag-only events have no words (the renderers above send them to no one in words).
        case .tagsOnly: "\(event.nick) sent tags"
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

    // `time`, then `msgid` and the client's tags for a client with `message-tags` (server tags first, so
    // that the client's can never push them out).
    private func messageTags(_ event: RoomEvent, timeTag: Bool, clientTags: ClientTags?) -> [(key: String, value: String)] {
        guard let clientTags else { return timeTags(event, timeTag) }
        var serverTags: [ClientTags.Tag] = timeTag ? [.init(key: "time", value: event.time.iso8601)] : []
        if let id = event.id { serverTags.append(.init(key: "msgid", value: id)) }
        return clientTags.lineTags(serverTags: serverTags)
    }
}
