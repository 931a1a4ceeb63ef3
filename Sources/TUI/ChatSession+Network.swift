import LetsChatCore

extension ChatSession {
    /// Applies what the network thread reported at UTC instant `now` (monotonic `clock` seconds).
    public mutating func apply(_ event: NetworkEvent, now: Timestamp, clock: Double) -> [Effect] {
        var effects: [Effect] = []
        switch event {
        case .connected:
            connection = .registering
            connectedAt = now
            replayCutoff = newestTime
            if let nick, !askingNick { effects.append(.register(nick)) }
        case .disconnected(let reason):
            if connection != .offline, !isReconnecting {
                note("Disconnected: \(reason). Your messages are kept and sent when the connection is back.",
                     kind: .error, time: now)
            }
            connection = .offline
        case .gaveUp(let reason):
            note("Not reconnecting: \(reason). Type /quit to leave.", kind: .error, time: now)
            connection = .offline
        case .reconnecting(let seconds):
            connection = .reconnecting(due: clock + seconds)
        case .received(let message):
            receive(message, now: now, effects: &effects)
        }
        return effects
    }

    private var isReconnecting: Bool {
        if case .reconnecting = connection { return true }
        return false
    }

    private mutating func receive(_ message: IRCMessage, now: Timestamp, effects: inout [Effect]) {
        let time = message.tag("time").flatMap { Timestamp(iso8601: $0) }
        let isHistory = time.map { $0.milliseconds < connectedAt.milliseconds - 1000 } ?? false
        // After a reconnection the server replays history this screen already shows; skip that part.
        // (The server's clock only moves on, so a live line is always newer than the cutoff.)
        if let time, let cutoff = replayCutoff, time <= cutoff,
           message.command == "PRIVMSG" || message.command == "NOTICE" { return }
        if let time { newestTime = max(newestTime ?? time, time) }
        let when = time ?? now
        let from = message.sourceNick ?? ""
        let isSelf = nick.map { Nickname.folded($0) == Nickname.folded(from) } ?? false
        let params = message.params
        let last = params.last ?? ""
        switch message.command {
        case "001":
            nick = params.first ?? nick
            connection = .connected
            askingNick = false
            if registeredOnce { note("Reconnected.", time: now) }
            registeredOnce = true
            for text in pendingMessages { effects += sendMessage(text, now: now) }
            pendingMessages.removeAll()
        case "PRIVMSG", "NOTICE":
            let target = params.first ?? ""
            var kind: ChatLine.Kind = message.command == "NOTICE" ? .notice : .message
            var text = last
            switch CTCPAction.unwrap(last) {
            case .plain: break
            case .action(let action):
                kind = .action
                text = action
            case .otherCTCP: return
            }
            if message.source == nil || !(message.source ?? "").contains("!") {
                note(TextSanitizer.stripFormatting(text), kind: .info, time: when)
                return
            }
            let toRoom = Nickname.folded(target) == Nickname.folded(channel)
            if !toRoom { kind = .privateMessage }
            let clean = TextSanitizer.stripFormatting(text)
            let shownText = ChatLine(kind: kind, text: clean).text
            if isSelf, kind != .privateMessage,
               let index = unreplayedOwn.firstIndex(where: { $0.kind == kind && $0.text == shownText }) {
                unreplayedOwn.remove(at: index)
                return
            }
            let mention = !isSelf && nick.map { ChatLine.mentions(clean, nick: $0) } ?? false
            show(ChatLine(time: when, kind: kind, nick: from, text: clean, isOwn: isSelf,
                          isMention: mention || (kind == .privateMessage && !isHistory), isHistory: isHistory), into: &effects)
            if !isHistory { spoke(from) }
        case "JOIN":
            if isSelf { users.replaceAll([]) }
            users.add(from)
            event("\(from) has joined", when, isHistory, &effects)
        case "PART":
            users.remove(from)
            event("\(from) has left" + (params.count > 1 && !last.isEmpty ? " (\(last))" : ""), when, isHistory, &effects)
        case "QUIT":
            users.remove(from)
            event("\(from) has quit" + (last.isEmpty ? "" : " (\(last))"), when, isHistory, &effects)
        case "NICK":
            users.rename(from, to: last)
            if isSelf { nick = last }
            event("\(from) is now known as \(last)", when, isHistory, &effects)
        case "TOPIC":
            topic = last
            event("\(from) set the topic: \(last)", when, isHistory, &effects)
        case "332":
            topic = last
            note("Topic: \(last)", time: when)
        case "353":
            namesInProgress = (namesInProgress ?? []) + last.split(separator: " ").map { String($0.drop { "@+%&~".contains($0) }) }
        case "366":
            if let names = namesInProgress { users.replaceAll(names) }
            namesInProgress = nil
        case "372", "375", "376", "422", "002", "003":
            note(last, time: when)
        case "433", "432":
            note("\(params.count > 1 ? params[1] : ""): \(last)", kind: .error, time: when)
        case "ERROR":
            note(last, kind: .error, time: when)
        case let code where code.count == 3 && (code.hasPrefix("4") || code.hasPrefix("5")):
            note(params.dropFirst().joined(separator: " "), kind: .error, time: when)
        default:
            break
        }
    }

    private mutating func event(_ text: String, _ when: Timestamp, _ isHistory: Bool, _ effects: inout [Effect]) {
        show(ChatLine(time: when, kind: .event, text: text, isHistory: isHistory), into: &effects)
    }

    /// Sends `text` to the room, or keeps it for later while offline; shows it as own.
    mutating func sendMessage(_ text: String, now: Timestamp) -> [Effect] {
        guard connection == .connected, let nick else {
            pendingMessages.append(text)
            note("Not connected: \"\(text)\" will be sent when the connection is back.", kind: .error, time: now)
            return []
        }
        return say(text, kind: .message, nick: nick, now: now)
    }

    /// Sends a message or action (to the room, or privately to `target`) as own lines, in as many
    /// PRIVMSGs as it takes to fit the IRC line length; each piece is shown as it is sent. Each whole
    /// `:short_name:` of an emoji becomes that emoji first.
    mutating func say(_ typed: String, kind: ChatLine.Kind, to target: String? = nil, nick: String,
                      now: Timestamp) -> [Effect] {
        let text = EmojiTable.replacingShortNames(in: typed)
        let recipient = target ?? channel
        let framing = kind == .action ? CTCPAction.framingBytes : 0
        var effects: [Effect] = []
        let budget = MessageSplitter.budget(nick: nick, target: recipient) - framing
        for piece in MessageSplitter.split(text, maxBytes: budget) {
            effects.append(.send("PRIVMSG \(recipient) :" + (kind == .action ? CTCPAction.wrap(piece) : piece)))
            show(ChatLine(time: now, kind: kind, nick: target ?? nick, text: piece, isOwn: true), into: &effects)
        }
        return effects
    }
}
