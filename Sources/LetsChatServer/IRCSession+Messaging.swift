import LetsChatCore

/// PRIVMSG, NOTICE and TAGMSG, to the room or to one person.
extension IRCSession {
    /// PRIVMSG or NOTICE to the room or to nicks (at most `maxTargets`); a NOTICE never gets an error reply.
    func message(_ message: IRCMessage) {
        let isNotice = message.command == "NOTICE"
        guard let targets = message.params.first, !targets.isEmpty else {
            if !isNotice { numeric("411", ["No recipient given (\(message.command))"]) }
            return
        }
        guard message.params.count > 1, !message.params[1].isEmpty else {
            if !isNotice { numeric("412", ["No text to send"]) }
            return
        }
        let text = message.params[1]
        let clientTags = ClientTags(of: message)
        for target in targets.split(separator: ",").prefix(IRCSession.maxTargets).map(String.init) {
            if isRoom(target) {
                sendToRoom(text, isNotice: isNotice, clientTags: clientTags)
            } else if target.hasPrefix("#") {
                if !isNotice { numeric("403", [target, "No such channel"]) }
            } else if !context.room.sendPrivate(from: member, to: target, command: message.command,
                                                text: IRCSession.cleanKeepingCTCP(text), clientTags: clientTags) {
                if !isNotice { numeric("401", [target, "No such nick/channel"]) }
            } else if !isNotice, let info = context.room.info(named: target), let away = info.awayMessage {
                numeric("301", [info.nick, away])
            }
        }
    }

    /// TAGMSG to the room or to nicks (at most `maxTargets`): client-only tags without text, for
    /// clients with `message-tags` only. One without any tag to relay is dropped without a word.
    func tagMessage(_ message: IRCMessage) {
        let clientTags = ClientTags(of: message)
        guard !clientTags.isEmpty else { return }
        for target in message.params[0].split(separator: ",").prefix(IRCSession.maxTargets).map(String.init) {
            if isRoom(target) {
                if !context.room.say(member, kind: .tagsOnly, text: "", clientTags: clientTags, into: &unsent) {
                    numeric("404", [context.channel, "Cannot send to channel (you are not in it)"])
                }
            } else if target.hasPrefix("#") {
                numeric("403", [target, "No such channel"])
            } else if !context.room.sendPrivate(from: member, to: target, command: "TAGMSG", text: "", clientTags: clientTags) {
                numeric("401", [target, "No such nick/channel"])
            }
        }
    }

    private func sendToRoom(_ raw: String, isNotice: Bool, clientTags: ClientTags) {
        var kind: RoomEvent.Kind = isNotice ? .notice : .message
        var text = raw
        switch CTCPAction.unwrap(raw) {
        case .plain: break
        case .action(let action) where !isNotice:
            kind = .action
            text = action
        case .action, .otherCTCP: return
        }
        let cleaned = TextSanitizer.clean(text)
        guard !cleaned.isEmpty else { return }
        if !context.room.say(member, kind: kind, text: cleaned, clientTags: clientTags, into: &unsent) && !isNotice {
            numeric("404", [context.channel, "Cannot send to channel (you are not in it)"])
        }
    }

    /// Sanitizes a private message but keeps CTCP's \x01 framing, which private replies need.
    static func cleanKeepingCTCP(_ text: String) -> String {
        guard text.hasPrefix("\u{1}") else { return TextSanitizer.clean(text) }
        let inner = text.dropFirst().prefix { $0 != "\u{1}" }
        return "\u{1}" + TextSanitizer.clean(String(inner)) + "\u{1}"
    }
}
