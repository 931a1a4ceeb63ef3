import LetsChatCore

/// Room events not yet copied to every member's queue.
///
/// An event is appended once, whoever is in the room; the room's flush pass then copies everything
/// appended since the last pass to each member in one `enqueue`. A member's queue is locked once per
/// pass instead of once per event, and the room lock is held for one append per event instead of a
/// loop over the room. A crowd joining at once makes a JOIN per member for every member: that was a
/// million queue operations for 1000 clients, and is now one per member per pass.
///
/// Guarded by `Room`'s lock, as is each member's `feedPosition`. A member must be caught up before
/// anything else is queued to it, so that it sees events and replies in the order they happened.
struct RoomFeed {
    /// One event with its live forms per audience.
    private struct Entry {
        let event: RoomEvent
        let source: String
        let isQuit: Bool
        /// The client-only tags the sender attached, for members with `message-tags`.
        let clientTags: ClientTags
        /// A sender whose client does not echo its own messages, who skips this entry.
        let skipped: Member?
        var forms = EventForms()
    }

    private let renderer: EventRenderer
    private var entries: [Entry] = []
    // The position of `entries[0]`; positions count every event ever appended.
    private var start = 0
    // The members that skip some entry, who cannot take the whole feed at once.
    private var skippers: Set<ObjectIdentifier> = []

    /// An empty feed whose events are written by `renderer`.
    init(renderer: EventRenderer) {
        self.renderer = renderer
    }

    /// The position after the last event; a member entering the room starts here.
    var end: Int { start + entries.count }

    /// Adds an event, with the client-only tags its sender attached, for everyone in the room except `skipped`.
    mutating func append(_ event: RoomEvent, source: String, isQuit: Bool, clientTags: ClientTags = ClientTags([]),
                         skipping skipped: Member?) {
        entries.append(Entry(event: event, source: source, isQuit: isQuit, clientTags: clientTags, skipped: skipped))
        if let skipped { skippers.insert(ObjectIdentifier(skipped)) }
    }

    /// Queues to `member` the events from its position on and moves it to the end.
    mutating func catchUp(_ member: Member) {
        let first = max(member.feedPosition, start)
        member.feedPosition = end
        guard first < end else { return }
        var bytes: [UInt8] = []
        for index in (first - start)..<entries.count where entries[index].skipped !== member {
            bytes += form(of: index, for: member.audience)
        }
        if !bytes.isEmpty { member.outbound.enqueue(bytes) }
    }

    /// Catches up every member of the room, then forgets the events: all of them have their copies.
    mutating func catchUpAll(_ members: [Member]) {
        guard !entries.isEmpty else { return }
        // The whole feed per audience; nearly everyone shares one, so the last one used stays at hand.
        var whole: [(audience: Audience, bytes: [UInt8])] = []
        var current: (audience: Audience, bytes: [UInt8])?
        for member in members {
            guard member.feedPosition <= start, !skippers.contains(ObjectIdentifier(member)) else {
                catchUp(member)
                continue
            }
            let audience = member.audience
            if current?.audience != audience {
                if let known = whole.first(where: { $0.audience == audience }) {
                    current = known
                } else {
                    current = (audience, entries.indices.reduce(into: []) { $0 += form(of: $1, for: audience) })
                    whole.append(current!)
                }
            }
            member.feedPosition = end
            member.outbound.enqueue(current!.bytes)
        }
        start = end
        entries = []
        skippers = []
    }

    private mutating func form(of index: Int, for audience: Audience) -> [UInt8] {
        // The fields alone, not the entry: a copy of it would share `forms` and force a copy on the append.
        let (event, source, isQuit, renderer) = (entries[index].event, entries[index].source, entries[index].isQuit, renderer)
        let clientTags = entries[index].clientTags
        return entries[index].forms.bytes(for: audience) {
            renderer.bytes(for: $0, event, source: source, isQuit: isQuit, clientTags: clientTags)
        }
    }
}
