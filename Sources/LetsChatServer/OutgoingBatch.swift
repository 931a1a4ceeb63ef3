/// Whose queues hold bytes that are not sent yet: the room's members, some members, or both.
///
/// Bytes are queued under the room's lock and sent once it is released, so that no socket is
/// written under it. Whatever queues collects here whom it queued to, and says "this batch is done,
/// send it" with `Room.send(_:)`: at once, or, for an IRC session handling a burst of lines, before
/// it next waits, so that the whole burst reaches each member in one `send`.
struct OutgoingBatch {
    /// Whether the room's feed got events, which every member must be caught up on and sent.
    private(set) var room = false
    /// Members whose own queues got bytes, besides or instead of the room's events.
    private(set) var members: [Member] = []

    /// Nothing to send.
    init() {}

    /// Events for the whole room (`room`), and bytes queued to `members`.
    init(room: Bool = false, members: [Member]) {
        self.room = room
        self.members = members
    }

    /// Whether there is nothing to send.
    var isEmpty: Bool { !room && members.isEmpty }

    /// Adds what `other` has to send.
    mutating func add(_ other: OutgoingBatch) {
        room = room || other.room
        members += other.members
    }

    /// Adds `member`'s own queue, once however often it is added.
    mutating func add(_ member: Member) {
        if !members.contains(where: { $0 === member }) { members.append(member) }
    }
}
