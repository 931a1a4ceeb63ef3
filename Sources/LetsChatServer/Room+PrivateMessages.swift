import LetsChatCore

/// Private messages and notices from one client to another, in or out of the room.
extension Room {
    /// Sends a private message, notice or tag-only message (`command`: PRIVMSG, NOTICE or TAGMSG) with
    /// the sender's `clientTags` and a new `msgid` to `target`; false if no one has that nickname. A
    /// sender whose client asked for echoes gets its own copy, with the same `msgid`.
    func sendPrivate(from sender: Member, to target: String, command: String, text: String,
                     clientTags: ClientTags = ClientTags([])) -> Bool {
        let batch: OutgoingBatch? = lock.withLock {
            guard let recipient = roster.holder(of: target), let nick = recipient.nick else { return nil }
            let time = now()
            let id = messageIDs.next(now: time)
            var readers = [recipient]
            if sender !== recipient, case .irc(_, echo: true, _) = sender.audience { readers.append(sender) }
            let (senderNick, source) = (sender.nick ?? "*", sender.source)
            for member in readers {
                let bytes = renderer.privateMessage(command, from: senderNick, source: source, to: nick, text: text, time: time,
                                                    id: id, clientTags: clientTags, audience: member.audience)
                if !bytes.isEmpty { queue(bytes, to: member, answering: sender) }
            }
            return OutgoingBatch(members: readers)
        }
        guard let batch else { return false }
        send(batch)
        return true
    }
}
