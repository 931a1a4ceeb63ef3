#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// The one room: who is connected, who is in it, its topic and its recent events.
///
/// Every session thread calls in; `lock` guards all mutable state here and the `var`s of every
/// `Member`. An event is appended to history and to the `feed` under the lock, so all members see
/// events in one order and per-sender order is kept. The calling thread then runs a flush pass: it
/// copies the feed to every member's `Outbound` under the lock, and sends those queues with the lock
/// released, so no socket is written under it. Nobody waits for a slow reader: queues are bounded
/// and drop the reader.
public final class Room: @unchecked Sendable {
    /// What a newcomer is sent on entering: the room as it is, then recent history.
    struct Snapshot {
        /// The room's topic, if it has one.
        let topic: Topic?
        /// Who is in the room, the newcomer included, in join order.
        let names: RoomNames
        /// Recent events already rendered for the newcomer's audience, oldest first.
        let replay: [UInt8]
    }

    /// One recent event's replay forms, rendered the first time a newcomer needs each.
    private struct Replayed {
        /// The event as it happened.
        let event: RoomEvent
        /// Its replay bytes per audience, rendered so far.
        var forms: [Audience: [UInt8]] = [:]
    }

    /// The topic with who set it and when.
    struct Topic {
        /// The topic itself; empty once someone has cleared it.
        let text: String
        /// The nickname of whoever set it.
        let setBy: String
        /// When it was set.
        let time: Timestamp
    }

    /// Writes events in each audience's form.
    let renderer: EventRenderer
    private let replayCount: Int
    private let history: HistoryStore?
    private let log: @Sendable (String) -> Void
    private let lock = Lock()
    // Guards `flushing` and `flushAgain`; taken without `lock` held.
    private let flushLock = Lock()
    private var flushing = false
    private var flushAgain = false
    private var feed: RoomFeed
    private var byNick: [String: Member] = [:]
    private var members: [Member] = []
    // The members as NAMES lists them; nil after a change that `RoomNames.append` cannot make.
    private var roomNames: RoomNames? = RoomNames()
    private var topic: Topic?
    private var recent: [Replayed]
    private var historyFailing = false
    private var passwordFailures = 0
    private var peakUsers = 0
    private var closing = false
    private var lastTime = Timestamp(milliseconds: 0)

    /// An empty room recording into `history`, whose last `replayCount` events seed the replay and the topic.
    init(renderer: EventRenderer, history: HistoryStore?, replayCount: Int, log: @escaping @Sendable (String) -> Void) {
        self.renderer = renderer
        self.history = history
        self.replayCount = replayCount
        self.log = log
        feed = RoomFeed(renderer: renderer)
        let past = history.map { HistoryStore.tail(path: $0.path, count: replayCount) } ?? []
        recent = past.map { Replayed(event: $0) }
        topic = past.last { $0.kind == .topic }.map { Topic(text: $0.text, setBy: $0.nick, time: $0.time) }
    }

    /// The number of connected clients with a nickname, now and at most so far.
    var userCounts: (current: Int, peak: Int) {
        lock.withLock { (byNick.count, peakUsers) }
    }

    /// Sets how events are written to a member that just registered, and returns `userCounts`, in
    /// one turn of the lock: a crowd registering at once contends for it.
    func completeRegistration(_ member: Member, audience: Audience) -> (current: Int, peak: Int) {
        lock.withLock {
            setAudience(member, audience)
            return (byNick.count, peakUsers)
        }
    }

    /// Reserves `nick` for `member` (replacing its previous one); false if someone else holds it.
    func claim(_ nick: String, for member: Member) -> Bool {
        lock.withLock {
            let key = Nickname.skeleton(nick)
            if let holder = byNick[key], holder !== member { return false }
            if let old = member.nick { byNick[Nickname.skeleton(old)] = nil }
            byNick[key] = member
            member.nick = nick
            peakUsers = max(peakUsers, byNick.count)
            return true
        }
    }

    /// Records the IRC user name and real name a client registered with.
    func setIdentity(_ member: Member, user: String, realName: String) {
        lock.withLock {
            member.user = user
            member.realName = realName
        }
    }

    /// Changes how events are written to `member` (capabilities changed after registration).
    func updateAudience(_ member: Member, _ audience: Audience) {
        lock.withLock { setAudience(member, audience) }
    }

    /// Queues a reply from `member`'s session to its client, after the room events the client has
    /// not been given yet, so that it sees events and replies in the order they happened. Called on
    /// the member's own session thread, the only one that moves it in or out of the room: a client
    /// outside it (still registering, say) has no events to wait for, and its replies skip the lock.
    func reply(_ bytes: [UInt8], to member: Member) {
        guard member.inRoom else {
            member.outbound.enqueue(bytes)
            return
        }
        lock.withLock { queue(bytes, to: member) }
    }

    /// Changes a registered member's nickname and tells the room (or, outside it, the member); false if taken.
    func rename(_ member: Member, to nick: String) -> Bool {
        let recipients: Recipients? = lock.withLock {
            let key = Nickname.skeleton(nick)
            if let holder = byNick[key], holder !== member { return nil }
            guard let old = member.nick, old != nick else { return Recipients() }
            let source = member.source
            byNick[Nickname.skeleton(old)] = nil
            byNick[key] = member
            member.nick = nick
            let event = RoomEvent(time: now(), kind: .nick, nick: old, text: nick)
            if member.inRoom {
                roomNames = nil
                return deliver(event, source: source, isQuit: false, sender: member)
            }
            queue(renderer.bytes(for: member.audience, event, source: source, isQuit: false), to: member)
            return Recipients(others: [member])
        }
        guard let recipients else { return false }
        flush(recipients)
        return true
    }

    /// Puts `member` in the room: queues `welcome(snapshot)` to it, then announces the join to everyone.
    func enter(_ member: Member, welcome: (Snapshot) -> [UInt8]) {
        let recipients: Recipients = lock.withLock {
            guard !member.inRoom, let nick = member.nick else { return Recipients() }
            let replay = replayBytes(for: member.audience)
            member.inRoom = true
            member.isOperator = members.isEmpty
            members.append(member)
            roomNames?.append(member)
            member.feedPosition = feed.end
            let recipients = deliver(RoomEvent(time: now(), kind: .join, nick: nick), source: member.source, isQuit: false, sender: member)
            // After its own JOIN: clients take the channel as joined when they see it.
            queue(welcome(Snapshot(topic: topic, names: currentNames(), replay: replay)), to: member)
            return recipients
        }
        flush(recipients)
    }

    /// Takes `member` out of the room with `reason`; with `isQuit` it also gives up its nickname.
    func leave(_ member: Member, reason: String, isQuit: Bool) {
        let recipients: Recipients = lock.withLock {
            var recipients = Recipients()
            if member.inRoom, let nick = member.nick {
                // A PART is echoed to the leaver (IRC clients wait for it); a QUIT is not.
                if isQuit {
                    feed.catchUp(member)
                    members.removeAll { $0 === member }
                    roomNames = nil
                }
                recipients = deliver(RoomEvent(time: now(), kind: .leave, nick: nick, text: reason), source: member.source,
                                     isQuit: isQuit, sender: isQuit ? nil : member)
                if !isQuit { feed.catchUp(member) }
                member.inRoom = false
                members.removeAll { $0 === member }
                roomNames = nil
                if !isQuit { recipients.others.append(member) }
            }
            if isQuit, let nick = member.nick, byNick[Nickname.skeleton(nick)] === member {
                byNick[Nickname.skeleton(nick)] = nil
            }
            return recipients
        }
        flush(recipients)
    }

    /// Says something in the room; false if `member` is not in it.
    ///
    /// With `flushLater` the event is only queued, and the caller must call `flushQueued()` before it
    /// waits for anything: a client's burst of lines then reaches each member in one `send`.
    func say(_ member: Member, kind: RoomEvent.Kind, text: String, flushLater: Bool = false) -> Bool {
        let recipients: Recipients? = lock.withLock {
            guard member.inRoom, let nick = member.nick else { return nil }
            return deliver(RoomEvent(time: now(), kind: kind, nick: nick, text: text), source: member.source, isQuit: false, sender: member)
        }
        guard var recipients else { return false }
        if flushLater { recipients.room = false }
        flush(recipients)
        return true
    }

    /// Sends what `say(_:kind:text:flushLater:)` queued.
    func flushQueued() {
        flushRoom()
    }

    /// Sets the topic; false if `member` is not in the room.
    func setTopic(_ member: Member, text: String) -> Bool {
        let recipients: Recipients? = lock.withLock {
            guard member.inRoom, let nick = member.nick else { return nil }
            let event = RoomEvent(time: now(), kind: .topic, nick: nick, text: text)
            topic = Topic(text: text, setBy: nick, time: event.time)
            return deliver(event, source: member.source, isQuit: false, sender: member)
        }
        guard let recipients else { return false }
        flush(recipients)
        return true
    }

    /// The current topic.
    var currentTopic: Topic? {
        lock.withLock { topic }
    }

    /// Sends a private message or notice to `target`; false if no one has that nickname.
    func sendPrivate(from sender: Member, to target: String, command: String, text: String) -> Bool {
        let recipients: Recipients? = lock.withLock {
            guard let recipient = byNick[Nickname.skeleton(target)], let nick = recipient.nick else { return nil }
            let time = now()
            var readers = [recipient]
            if sender !== recipient, case .irc(_, echo: true) = sender.audience { readers.append(sender) }
            for member in readers {
                switch member.audience {
                case .irc(let serverTime, _):
                    let tag = serverTime ? "@time=\(time.iso8601) " : ""
                    queue(Array("\(tag):\(sender.source) \(command) \(nick) :\(text)\r\n".utf8), to: member)
                case .text:
                    let event = RoomEvent(time: time, kind: .message, nick: "(private) \(sender.nick ?? "*")", text: text)
                    queue(Array(renderer.text(event).utf8), to: member)
                }
            }
            return Recipients(others: readers)
        }
        guard let recipients else { return false }
        flush(recipients)
        return true
    }

    /// The members in the room, in join order.
    var nameList: RoomNames {
        lock.withLock { currentNames() }
    }

    /// A copy of what WHO and WHOIS show of a member: nick, user, host, real name, in the room, operator, away.
    struct Info {
        /// The nickname, user name, host and real name; whether the user is in the room, and an operator.
        let nick: String, user: String, host: String, realName: String, inRoom: Bool, isOperator: Bool
        /// The away message; nil when the user is not away.
        let awayMessage: String?
    }

    /// Marks `member` away with `message`, or back with nil.
    func setAway(_ member: Member, _ message: String?) {
        lock.withLock { member.awayMessage = message }
    }

    /// Everyone in the room.
    var memberInfos: [Info] {
        lock.withLock { members.compactMap(info) }
    }

    /// Every connected client with a nickname, in the room or not.
    var userInfos: [Info] {
        lock.withLock { byNick.values.compactMap(info) }
    }

    /// The connected client named `nick`, if any.
    func info(named nick: String) -> Info? {
        lock.withLock { byNick[Nickname.skeleton(nick)].flatMap(info) }
    }

    /// Counts a refused password; returns how many there have been.
    func recordPasswordFailure() -> Int {
        lock.withLock {
            passwordFailures += 1
            return passwordFailures
        }
    }

    /// Marks the room as shutting down, so departures from now on say so.
    func beginShutdown() {
        lock.withLock { closing = true }
    }

    /// Why a connection that just closed ended: a full send queue, the shutdown, or the peer.
    func closeReason(for member: Member) -> String {
        if member.outbound.overflowed { return "Send queue exceeded" }
        return lock.withLock { closing } ? "Server shutting down" : "Connection closed"
    }

    /// Sends a server notice to every connected member (shutdown, history trouble).
    func announce(_ text: String) {
        flush(Recipients(others: lock.withLock { announceLocked(text) }))
    }

    /// Makes sure what history holds is on disk.
    func syncHistory() {
        lock.withLock { history?.sync() }
    }

    private func info(_ member: Member) -> Info? {
        member.nick.map { Info(nick: $0, user: member.user, host: member.host, realName: member.realName,
                               inRoom: member.inRoom, isOperator: member.isOperator, awayMessage: member.awayMessage) }
    }

    private func currentNames() -> RoomNames {
        if let roomNames { return roomNames }
        let rebuilt = members.reduce(into: RoomNames()) { $0.append($1) }
        roomNames = rebuilt
        return rebuilt
    }

    /// The last `replayCount` events in `audience`'s replay form. Each event is rendered once per
    /// audience and kept, so a crowd arriving together does not render the same history again
    /// and again under the lock.
    private func replayBytes(for audience: Audience) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in recent.indices.suffix(replayCount) {
            if let form = recent[index].forms[audience] {
                bytes += form
            } else {
                let event = recent[index].event
                let form: [UInt8]
                switch audience {
                case .irc(let serverTime, _): form = Array(renderer.ircReplay(event, timeTag: serverTime).utf8)
                case .text: form = Array(renderer.text(event).utf8)
                }
                recent[index].forms[audience] = form
                bytes += form
            }
        }
        return bytes
    }

    // Timestamps strictly increase so history and replay order never depend on clock steps.
    private func now() -> Timestamp {
        let clock = LocalTime.now()
        lastTime = clock > lastTime ? clock : Timestamp(milliseconds: lastTime.milliseconds + 1)
        return lastTime
    }

    /// Records `event` and adds it to the feed for everyone in the room; returns whom the caller
    /// must flush once the lock is released.
    private func deliver(_ event: RoomEvent, source: String, isQuit: Bool, sender: Member?) -> Recipients {
        let announced = record(event)
        let skipped = sender.flatMap { echoes(event.kind, to: $0) ? nil : $0 }
        feed.append(event, source: source, isQuit: isQuit, skipping: skipped)
        return Recipients(room: true, others: announced)
    }

    /// Whose queues to flush once the lock is released: everyone in the room, and some others.
    private struct Recipients {
        /// Whether every member of the room needs flushing.
        var room = false
        /// Members to flush besides, or instead of, the room.
        var others: [Member] = []
    }

    /// Sends what was queued to `recipients`, from this thread and without blocking; called with the lock released.
    private func flush(_ recipients: Recipients) {
        if recipients.room { flushRoom() }
        for member in recipients.others { member.outbound.flush() }
    }

    /// Flushes every member's queue, or, when another thread is doing that, has it go round once more.
    ///
    /// One pass at a time: events queued during a pass go out together in the next, one `send` per
    /// member for all of them, instead of one pass (and one `send` per member) per event.
    private func flushRoom() {
        flushLock.lock()
        if flushing {
            flushAgain = true
            flushLock.unlock()
            return
        }
        flushing = true
        repeat {
            flushAgain = false
            flushLock.unlock()
            // The array is shared, not copied, until the member list next changes.
            let everyone = lock.withLock {
                feed.catchUpAll(members)
                return members
            }
            for member in everyone { member.outbound.flush() }
            flushLock.lock()
        } while flushAgain
        flushing = false
        flushLock.unlock()
    }

    private func echoes(_ kind: RoomEvent.Kind, to sender: Member) -> Bool {
        switch (kind, sender.audience) {
        case (.message, .irc(_, let echo)), (.action, .irc(_, let echo)), (.notice, .irc(_, let echo)): echo
        case (.join, .text), (.message, .text), (.action, .text), (.notice, .text): false
        default: true
        }
    }

    /// Queues `bytes` to `member` after the room events it has not been given yet; the lock is held.
    private func queue(_ bytes: [UInt8], to member: Member) {
        if member.inRoom { feed.catchUp(member) }
        member.outbound.enqueue(bytes)
    }

    // Events queued so far keep the form the member had when they happened.
    private func setAudience(_ member: Member, _ audience: Audience) {
        if member.inRoom { feed.catchUp(member) }
        member.audience = audience
    }

    /// Keeps `event` for replay and history; returns the members told about a change in history's health.
    private func record(_ event: RoomEvent) -> [Member] {
        recent.append(Replayed(event: event))
        if recent.count > max(replayCount, 1) * 2 { recent.removeFirst(recent.count - max(replayCount, 1)) }
        guard let history else { return [] }
        let saved = history.append(event)
        if !saved && !historyFailing {
            historyFailing = true
            log("cannot write history to \(history.path): \(String(cString: strerror(errno))); chat goes on unsaved")
            return announceLocked("History is not being saved right now (the server cannot write its history file).")
        } else if saved && historyFailing {
            historyFailing = false
            log("history writes to \(history.path) work again")
            return announceLocked("History is being saved again.")
        }
        return []
    }

    /// Queues a server notice to every connected member; returns them, for flushing.
    private func announceLocked(_ text: String) -> [Member] {
        let everyone = Array(byNick.values)
        for member in everyone {
            switch member.audience {
            case .irc:
                queue(Array(":\(renderer.serverName) NOTICE \(member.inRoom ? renderer.channel : member.nick ?? "*") :\(text)\r\n".utf8), to: member)
            case .text:
                queue(Array("-- \(text)\n".utf8), to: member)
            }
        }
        return everyone
    }
}
