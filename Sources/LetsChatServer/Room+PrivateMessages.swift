import LetsChatCore

/// Private messages and notices from one client to another, in or out of the room.
extension Room {
    /// Sends a private message or notice (`command`) to `target`; false if no one has that nickname.
    /// A sender whose client asked for echoes gets its own copy.
    func sendPrivate(from sender: Member, to target: String, command: String, text: String) -> Bool {
        let batch: OutgoingBatch? = lock.withLock {
            guard let recipient = roster.holder(of: target), let nick = recipient.nick else { return nil }
            let time = now()
            var readers = [recipient]
            if sender !== recipient, case .irc(_, echo: true) = sender.audience { readers.append(sender) }
            let (senderNick, source) = (sender.nick ?? "*", sender.source)
            for member in readers {
                queue(renderer.privateMessage(command, from: senderNick, source: source, to: nick, text: text, time: time,
                                              audience: member.audience), to: member)
            }
            return OutgoingBatch(members: readers)
        }
        guard let batch else { return false }
        send(batch)
        return true
    }
}
