/// Clients becoming known to the room: nicknames, identity, how events are written to them, and
/// refused passwords.
extension Room {
    /// The number of connected clients with a nickname, now and at most so far.
    var userCounts: (current: Int, peak: Int) {
        lock.withLock { (roster.count, roster.peak) }
    }

    /// Reserves `nick` for `member` (replacing its previous one); false if someone else holds it.
    func claim(_ nick: String, for member: Member) -> Bool {
        lock.withLock { roster.claim(nick, for: member) }
    }

    /// Records the IRC user name and real name a client registered with.
    func setIdentity(_ member: Member, user: String, realName: String) {
        lock.withLock {
            member.user = user
            member.realName = realName
        }
    }

    /// Sets how events are written to a member that just registered, and returns `userCounts`, in
    /// one turn of the lock: a crowd registering at once contends for it.
    func completeRegistration(_ member: Member, audience: Audience) -> (current: Int, peak: Int) {
        lock.withLock {
            setAudience(member, audience)
            return (roster.count, roster.peak)
        }
    }

    /// Changes how events are written to `member` (capabilities changed after registration).
    func updateAudience(_ member: Member, _ audience: Audience) {
        lock.withLock { setAudience(member, audience) }
    }

    /// Counts a refused password; returns how many there have been.
    func recordPasswordFailure() -> Int {
        lock.withLock {
            passwordFailures += 1
            return passwordFailures
        }
    }

    // Events queued so far keep the form the member had when they happened.
    private func setAudience(_ member: Member, _ audience: Audience) {
        if member.inRoom { feed.catchUp(member) }
        member.audience = audience
    }
}
