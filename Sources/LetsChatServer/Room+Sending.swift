/// Sending what the room queued: the one way a batch goes out once the lock is released.
extension Room {
    /// Sends `batch`: catches every member up on the room's feed and sends each its queue (when
    /// the batch has room events), then sends the other members' queues. Called with the lock
    /// released; writes without blocking, leaving a slow reader's rest to its writer thread.
    func send(_ batch: OutgoingBatch) {
        if batch.room { flushPasses.run(flushEveryone) }
        for member in batch.members { member.outbound.flush() }
    }

    /// One flush pass: copies the feed to every member's queue under the lock, then sends the
    /// queues without it.
    private func flushEveryone() {
        // The array is shared, not copied, until the member list next changes.
        let everyone = lock.withLock {
            feed.catchUpAll(roster.members)
            return roster.members
        }
        for member in everyone { member.outbound.flush() }
    }
}
