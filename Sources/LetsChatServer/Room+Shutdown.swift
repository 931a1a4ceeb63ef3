/// The server's stop as the room sees it: departures that say why, and history on disk.
extension Room {
    /// Marks the room as shutting down, so departures from now on say so.
    func beginShutdown() {
        lock.withLock { closing = true }
    }

    /// Why a connection that just closed ended: a full send queue, the shutdown, or the peer.
    func closeReason(for member: Member) -> String {
        if member.outbound.overflowed { return "Send queue exceeded" }
        return lock.withLock { closing } ? "Server shutting down" : "Connection closed"
    }

    /// Makes sure what history holds is on disk.
    func syncHistory() {
        lock.withLock { history.sync() }
    }
}
