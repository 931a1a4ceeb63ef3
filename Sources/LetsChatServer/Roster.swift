import LetsChatCore

/// Who is connected and who is in the room: nicknames, members in join order, and the NAMES list.
///
/// Guarded by `Room`'s lock. The nickname table holds every client that has claimed a nickname,
/// in the room or not; `members` only those in the room.
struct Roster {
    private var byNick: [String: Member] = [:]
    /// The members in the room, in join order.
    private(set) var members: [Member] = []
    // The members as NAMES lists them; nil after a change that `RoomNames.append` cannot make.
    private var names: RoomNames? = RoomNames()
    /// The most clients with a nickname there have been at once.
    private(set) var peak = 0

    /// An empty roster.
    init() {}

    /// How many clients hold a nickname.
    var count: Int { byNick.count }

    /// Every client with a nickname, in the room or not, in no particular order.
    var everyone: [Member] { Array(byNick.values) }

    /// The client holding `nick` (compared as nicknames are), if any.
    func holder(of nick: String) -> Member? {
        byNick[Nickname.skeleton(nick)]
    }

    /// Gives `nick` to `member`, freeing its previous one; false if someone else holds it.
    mutating func claim(_ nick: String, for member: Member) -> Bool {
        let key = Nickname.skeleton(nick)
        if let holder = byNick[key], holder !== member { return false }
        if let old = member.nick { byNick[Nickname.skeleton(old)] = nil }
        byNick[key] = member
        member.nick = nick
        if member.inRoom { names = nil }
        peak = max(peak, byNick.count)
        return true
    }

    /// Frees `member`'s nickname, if it still holds it.
    mutating func release(_ member: Member) {
        if let nick = member.nick, byNick[Nickname.skeleton(nick)] === member {
            byNick[Nickname.skeleton(nick)] = nil
        }
    }

    /// Puts `member` in the room, last in join order; the first in an empty room is its operator.
    mutating func add(_ member: Member) {
        member.inRoom = true
        member.isOperator = members.isEmpty
        members.append(member)
        names?.append(member)
    }

    /// Takes `member` out of the room.
    mutating func remove(_ member: Member) {
        member.inRoom = false
        members.removeAll { $0 === member }
        names = nil
    }

    /// The NAMES list, rebuilt only when a departure or a rename made the kept one wrong.
    mutating func nameList() -> RoomNames {
        if let names { return names }
        let rebuilt = members.reduce(into: RoomNames()) { $0.append($1) }
        names = rebuilt
        return rebuilt
    }
}
