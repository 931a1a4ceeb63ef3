/// Server notices to everyone connected: the shutdown, and trouble with the history file.
extension Room {
    /// Sends a server notice to every connected member.
    func announce(_ text: String) {
        send(OutgoingBatch(members: lock.withLock { queueNotice(text) }))
    }

    /// Queues a server notice to every connected member, in the room or not; the lock is held.
    /// Returns them, for the batch.
    func queueNotice(_ text: String) -> [Member] {
        let everyone = roster.everyone
        for member in everyone {
            let target = member.inRoom ? renderer.channel : member.nick ?? "*"
            queue(renderer.serverNotice(text, to: target, audience: member.audience), to: member)
        }
        return everyone
    }
}
