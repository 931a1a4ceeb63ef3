import LetsChatCore

extension ChatSession {
    /// Applies what the network thread reported at UTC instant `now` (monotonic `clock` seconds).
    public mutating func apply(_ event: NetworkEvent, now: Timestamp, clock: Double) -> [Effect] {
        var effects: [Effect] = []
        switch event {
        case .connected:
            connection = .registering
            connectedAt = now
            connectionStarted()
            replayCutoff = newestTime
            if let nick, !askingNick { effects.append(.register(nick)) }
        case .disconnected(let reason):
            if connection != .offline, !isReconnecting {
                note("Disconnected: \(reason). Your messages are kept and sent when the connection is back.",
                     kind: .error, time: now)
            }
            connection = .offline
            connectionLost()
        case .gaveUp(let reason):
            note("Not reconnecting: \(reason). Type /quit to leave.", kind: .error, time: now)
            connection = .offline
            connectionLost()
        case .security(let encrypted):
            isEncrypted = encrypted
        // The UI loop shows these full screen, instead of the chat.
        case .untrusted, .refused:
            break
        case .reconnecting(let seconds):
            connection = .reconnecting(due: clock + seconds)
        case .received(let message):
            receive(message, now: now, clock: clock, effects: &effects)
        case .sending(let sent, let total):
            sending = sent < total ? SendProgress(sent: sent, total: total) : nil
        case .sendCancelled(let unsent):
            sending = nil
            note("Stopped sending: \(unsent) \(unsent == 1 ? "line was" : "lines were") not sent.", time: now)
        }
        return effects
    }

    private var isReconnecting: Bool {
        if case .reconnecting = connection { return true }
        return false
    }

    private mutating func receive(_ message: IRCMessage, now: Timestamp, clock: Double, effects: inout [Effect]) {
        noteTyping(in: message, clock: clock)
        let time = message.tag("time").flatMap { Timestamp(iso8601: $0) }
        // After a reconnection the server replays history this screen already shows; skip that part.
        // (The server's clock only moves on, so a live line is always newer than the cutoff.)
        if let time, let cutoff = replayCutoff, time <= cutoff,
           message.command == "PRIVMSG" || message.command == "NOTICE" { return }
        if let time { newestTime = max(newestTime ?? time, time) }
        guard let show = ServerReplies.entry(for: message.command)?.show else { return }
        let from = message.sourceNick ?? ""
        let line = ServerReplies.Line(message: message, when: time ?? now, now: now, from: from,
                                      isSelf: nick.map { Nickname.folded($0) == Nickname.folded(from) } ?? false,
                                      isHistory: time.map { $0.milliseconds < connectedAt.milliseconds - 1000 } ?? false)
        show(&self, line, &effects)
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
            let body = kind == .action ? CTCPAction.wrap(piece) : piece
            effects.append(.send(IRCLine(command: "PRIVMSG", params: [recipient], trailing: body).text))
            show(ChatLine(time: now, kind: kind, nick: target ?? nick, text: piece, isOwn: true), into: &effects)
        }
        return effects
    }
}
