import LetsChatCore

/// The one room: who is connected, who is in it, its topic and its recent events.
///
/// Every session thread calls in. `lock` guards all mutable state here — `roster`, `feed`,
/// `history`, `topic`, `passwordFailures`, `closing` and the last timestamp — and the `var`s of
/// every `Member`; `messageIDs` too; only `Room`'s methods (in this file and its `Room+…` extensions) touch them, and
/// only under it. An event is stamped, recorded and appended to the `feed` under the lock, so all
/// members see events in one order and per-sender order is kept; a member is caught up on the feed
/// before anything else is queued to it (`queue(_:to:)`). What was queued is sent with the lock
/// released (`send(_:)`, with `flushPasses`' own lock), so no socket is written under it. Nobody
/// waits for a slow reader: queues are bounded and drop the reader.
public final class Room: @unchecked Sendable {
    /// Writes events in each audience's form.
    let renderer: EventRenderer
    /// Guards the state below and every `Member`'s `var`s.
    let lock = Lock()
    /// Nicknames, members in join order, the NAMES list.
    var roster = Roster()
    /// Events not yet copied to every member's queue.
    var feed: RoomFeed
    /// Recent events for replay, and the history file.
    var history: RoomHistory
    /// The topic, nil until someone sets one.
    var topic: Topic?
    /// Refused passwords so far, for the log.
    var passwordFailures = 0
    /// Whether the server is shutting down, so departures say so.
    var closing = false
    /// Sends what was queued, one pass at a time; takes its own lock, never with `lock` held.
    let flushPasses = FlushPasses()
    private var lastTime = Timestamp(milliseconds: 0)
    /// Gives every message its `msgid`.
    var messageIDs = MessageIDGenerator()

    /// An empty room recording into `history`, whose last `replayCount` events seed the replay and the topic.
    init(renderer: EventRenderer, history: HistoryStore?, replayCount: Int, log: @escaping @Sendable (String) -> Void) {
        self.renderer = renderer
        feed = RoomFeed(renderer: renderer)
        self.history = RoomHistory(store: history, replayCount: replayCount, log: log)
        topic = self.history.lastTopicChange.map { Topic(text: $0.text, setBy: $0.nick, time: $0.time) }
    }

    /// Queues a reply from `member`'s session to its client, after the room events the client has
    /// not been given yet, so that it sees events and replies in the order they happened. The
    /// session sends it with the rest of its batch. Called on the member's own session thread, the
    /// only one that moves it in or out of the room: a client outside it (still registering, say)
    /// has no events to wait for, and its replies skip the lock.
    func reply(_ bytes: [UInt8], to member: Member) {
        guard member.inRoom || member.labeledReplies != nil else {
            member.outbound.enqueue(bytes)
            return
        }
        lock.withLock { queue(bytes, to: member, answering: member) }
    }

    /// Changes a registered member's nickname and tells the room (or, outside it, the member); false if taken.
    func rename(_ member: Member, to nick: String) -> Bool {
        let batch: OutgoingBatch? = lock.withLock {
            if let holder = roster.holder(of: nick), holder !== member { return nil }
            guard let old = member.nick, old != nick else { return OutgoingBatch() }
            let source = member.source
            _ = roster.claim(nick, for: member)
            let event = RoomEvent(time: now(), kind: .nick, nick: old, text: nick)
            if member.inRoom { return deliver(event, source: source, isQuit: false, sender: member) }
            queue(renderer.bytes(for: member.audience, event, source: source, isQuit: false), to: member, answering: member)
            return OutgoingBatch(members: [member])
        }
        guard let batch else { return false }
        send(batch)
        return true
    }

    /// Puts `member` in the room: queues `welcome(snapshot)` to it, then announces the join to everyone.
    func enter(_ member: Member, welcome: (Snapshot) -> [UInt8]) {
        let batch: OutgoingBatch = lock.withLock {
            guard !member.inRoom, let nick = member.nick else { return OutgoingBatch() }
            let replay = history.replay(for: member.audience, renderer: renderer)
            roster.add(member)
            member.feedPosition = feed.end
            let batch = deliver(RoomEvent(time: now(), kind: .join, nick: nick), source: member.source, isQuit: false, sender: member)
            // After its own JOIN: clients take the channel as joined when they see it.
            queue(welcome(Snapshot(topic: topic, names: roster.nameList(), replay: replay)), to: member, answering: member)
            return batch
        }
        send(batch)
    }

    /// Takes `member` out of the room with `reason`; with `isQuit` it also gives up its nickname.
    func leave(_ member: Member, reason: String, isQuit: Bool) {
        let batch: OutgoingBatch = lock.withLock {
            var batch = OutgoingBatch()
            if member.inRoom, let nick = member.nick {
                // A PART is echoed to the leaver (IRC clients wait for it); a QUIT is not.
                if isQuit { feed.catchUp(member) }
                batch = deliver(RoomEvent(time: now(), kind: .leave, nick: nick, text: reason), source: member.source,
                                isQuit: isQuit, sender: isQuit ? nil : member)
                if !isQuit {
                    feed.catchUp(member)
                    batch.add(member)
                }
                roster.remove(member)
            }
            if isQuit { roster.release(member) }
            return batch
        }
        send(batch)
    }

    /// Says something in the room and sends it at once; false if `member` is not in it.
    func say(_ member: Member, kind: RoomEvent.Kind, text: String, clientTags: ClientTags = ClientTags([])) -> Bool {
        var batch = OutgoingBatch()
        let said = say(member, kind: kind, text: text, clientTags: clientTags, into: &batch)
        send(batch)
        return said
    }

    /// Says something in the room (a message, an action, a notice, or `clientTags` alone) with a new
    /// `msgid`, and adds it to `batch`, which the caller sends before it waits for anything (so a
    /// client's burst of lines reaches each member in one `send`); false if `member` is not in the room.
    func say(_ member: Member, kind: RoomEvent.Kind, text: String, clientTags: ClientTags = ClientTags([]),
             into batch: inout OutgoingBatch) -> Bool {
        let said: OutgoingBatch? = lock.withLock {
            guard member.inRoom, let nick = member.nick else { return nil }
            let time = now()
            let event = RoomEvent(time: time, kind: kind, nick: nick, text: text, id: messageIDs.next(now: time))
            return deliver(event, source: member.source, isQuit: false, clientTags: clientTags, sender: member)
        }
        guard let said else { return false }
        batch.add(said)
        return true
    }

    /// Sets the topic; false if `member` is not in the room.
    func setTopic(_ member: Member, text: String) -> Bool {
        let batch: OutgoingBatch? = lock.withLock {
            guard member.inRoom, let nick = member.nick else { return nil }
            let event = RoomEvent(time: now(), kind: .topic, nick: nick, text: text)
            topic = Topic(text: text, setBy: nick, time: event.time)
            return deliver(event, source: member.source, isQuit: false, sender: member)
        }
        guard let batch else { return false }
        send(batch)
        return true
    }

    /// Queues `bytes` to `member` after the room events it has not been given yet; the lock is held.
    /// Bytes that answer the member's own labeled command (`sender` is the member) are held back for
    /// its labeled response instead.
    func queue(_ bytes: [UInt8], to member: Member, answering sender: Member? = nil) {
        if member.inRoom { feed.catchUp(member) }
        if sender === member, member.labeledReplies != nil {
            member.labeledReplies! += bytes
        } else {
            member.outbound.enqueue(bytes)
        }
    }

    /// A new event's time; the lock is held. Times strictly increase, so history and replay order
    /// never depend on clock steps.
    func now() -> Timestamp {
        let clock = LocalTime.now()
        lastTime = clock > lastTime ? clock : Timestamp(milliseconds: lastTime.milliseconds + 1)
        return lastTime
    }

    /// Records `event` and adds it to the feed for everyone in the room; the lock is held. Returns
    /// the batch to send once the lock is released.
    /// Tag-only events are relayed, never recorded.
    private func deliver(_ event: RoomEvent, source: String, isQuit: Bool, clientTags: ClientTags = ClientTags([]),
                         sender: Member?) -> OutgoingBatch {
        let told = event.kind == .tagsOnly ? [] : history.record(event).map(queueNotice) ?? []
        let echoed = sender.map { echoes(event.kind, to: $0) } ?? false
        // The sender's own copy of an event that answers its labeled command leaves the feed for the response.
        let heldBack = echoed && sender?.labeledReplies != nil
        feed.append(event, source: source, isQuit: isQuit, clientTags: clientTags, skipping: echoed && !heldBack ? nil : sender)
        if heldBack, let sender {
            queue(renderer.bytes(for: sender.audience, event, source: source, isQuit: isQuit, clientTags: clientTags),
                  to: sender, answering: sender)
        }
        return OutgoingBatch(room: true, members: told)
    }

    private func echoes(_ kind: RoomEvent.Kind, to sender: Member) -> Bool {
        switch (kind, sender.audience) {
        case (.message, .irc(_, let echo, _)), (.action, .irc(_, let echo, _)), (.notice, .irc(_, let echo, _)),
             (.tagsOnly, .irc(_, let echo, _)): echo
        case (.join, .text), (.message, .text), (.action, .text), (.notice, .text), (.tagsOnly, .text): false
        default: true
        }
    }
}
