import LetsChatCore

/// How each server line changes the state; `ServerReplies.table` says which line calls which.
extension ChatSession {
    /// 001: registered; sends what was typed while offline.
    mutating func showWelcome(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        nick = line.params.first ?? nick
        connection = .connected
        askingNick = false
        if registeredOnce { note("Reconnected.", time: line.now) }
        registeredOnce = true
        typingWelcomed()
        for text in pendingMessages { effects += sendMessage(text, now: line.now) }
        pendingMessages.removeAll()
    }

    /// 002, 003 and the MOTD: shown for the first connection only, since a reconnection repeats them.
    mutating func showGreeting(_ line: ServerReplies.Line) {
        guard !greetingShown else { return }
        note(line.last, time: line.when)
        if line.message.command == "376" || line.message.command == "422" { greetingShown = true }
    }

    /// PRIVMSG and NOTICE: to the room, privately, or from the server.
    mutating func showMessage(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        var kind: ChatLine.Kind = line.message.command == "NOTICE" ? .notice : .message
        var text = line.last
        switch CTCPAction.unwrap(line.last) {
        case .plain: break
        case .action(let action):
            kind = .action
            text = action
        case .otherCTCP: return
        }
        let clean = TextSanitizer.stripFormatting(text)
        if !(line.message.source ?? "").contains("!") {
            note(clean, kind: .info, time: line.when)
            return
        }
        if Nickname.folded(line.params.first ?? "") != Nickname.folded(channel) { kind = .privateMessage }
        let shownText = ChatLine(kind: kind, text: clean).text
        if line.isSelf, kind != .privateMessage,
           let index = unreplayedOwn.firstIndex(where: { $0.kind == kind && $0.text == shownText }) {
            unreplayedOwn.remove(at: index)
            return
        }
        let mention = !line.isSelf && nick.map { ChatLine.mentions(clean, nick: $0) } ?? false
        show(ChatLine(time: line.when, kind: kind, nick: line.from, text: clean, isOwn: line.isSelf,
                      isMention: mention || (kind == .privateMessage && !line.isHistory), isHistory: line.isHistory),
             into: &effects)
        if !line.isHistory { spoke(line.from) }
    }

    /// JOIN: our own starts a fresh user list.
    mutating func showJoin(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        if line.isSelf { users.replaceAll([]) }
        users.add(line.from)
        event("\(line.from) has joined", line, &effects)
    }

    /// PART.
    mutating func showPart(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        users.remove(line.from)
        let reason = line.params.count > 1 && !line.last.isEmpty ? " (\(line.last))" : ""
        event("\(line.from) has left" + reason, line, &effects)
    }

    /// QUIT.
    mutating func showQuit(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        users.remove(line.from)
        event("\(line.from) has quit" + (line.last.isEmpty ? "" : " (\(line.last))"), line, &effects)
    }

    /// NICK, ours or someone else's.
    mutating func showNick(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        users.rename(line.from, to: line.last)
        if line.isSelf { nick = line.last }
        event("\(line.from) is now known as \(line.last)", line, &effects)
    }

    /// TOPIC: someone set it.
    mutating func showTopicChange(_ line: ServerReplies.Line, _ effects: inout [Effect]) {
        topic = line.last
        event("\(line.from) set the topic: \(line.last)", line, &effects)
    }

    /// 332: the topic on joining.
    mutating func showTopic(_ line: ServerReplies.Line) {
        topic = line.last
        note("Topic: \(line.last)", time: line.when)
    }

    /// 353: one part of the NAMES list.
    mutating func gatherNames(_ line: ServerReplies.Line) {
        namesInProgress = (namesInProgress ?? []) + line.last.split(separator: " ").map { String($0.drop { "@+%&~".contains($0) }) }
    }

    /// 366: the NAMES list is complete.
    mutating func finishNames() {
        if let names = namesInProgress { users.replaceAll(names) }
        namesInProgress = nil
    }

    /// 432 and 433: the nickname was refused.
    mutating func showNickRefused(_ line: ServerReplies.Line) {
        note("\(line.params.count > 1 ? line.params[1] : ""): \(line.last)", kind: .error, time: line.when)
    }

    /// Any other 4xx or 5xx numeric.
    mutating func showErrorNumeric(_ line: ServerReplies.Line) {
        note(line.params.dropFirst().joined(separator: " "), kind: .error, time: line.when)
    }

    private mutating func event(_ text: String, _ line: ServerReplies.Line, _ effects: inout [Effect]) {
        show(ChatLine(time: line.when, kind: .event, text: text, isHistory: line.isHistory), into: &effects)
    }
}
