/// The members of the room as NAMES lists them, in join order and already encoded: `@alice bob`,
/// and the long form `@alice!alice@127.0.0.1 bob!bob@127.0.0.1` for clients with `userhost-in-names`.
///
/// The room keeps one and adds each newcomer to it, because a crowd joining at once asks for the
/// whole list once per newcomer, under the room's lock; building it from the members each time
/// made those joins cost time in proportion to the square of the crowd.
struct RoomNames: Sendable {
    /// Nicknames, `@` first for an operator, separated by single spaces.
    private(set) var short: [UInt8] = []
    /// The same with `!user@host` after each nickname.
    private(set) var long: [UInt8] = []
    /// How many members are listed.
    private(set) var count = 0

    /// An empty list.
    init() {}

    /// Adds `member` at the end; it must have a nickname.
    mutating func append(_ member: Member) {
        guard let nick = member.nick else { return }
        if count > 0 {
            short.append(UInt8(ascii: " "))
            long.append(UInt8(ascii: " "))
        }
        if member.isOperator {
            short.append(UInt8(ascii: "@"))
            long.append(UInt8(ascii: "@"))
        }
        short += nick.utf8
        long += nick.utf8
        long.append(UInt8(ascii: "!"))
        long += member.user.utf8
        long.append(UInt8(ascii: "@"))
        long += member.host.utf8
        count += 1
    }

    /// The nicknames alone, without the operator mark.
    var nicks: [String] {
        short.split(separator: UInt8(ascii: " ")).map { name in
            String(decoding: name.first == UInt8(ascii: "@") ? name.dropFirst() : name, as: UTF8.self)
        }
    }

    /// The list (`long` when `userHost`) cut at spaces into pieces of at most `limit` bytes, for
    /// NAMES replies that must each fit in one IRC line. A name longer than `limit` gets a piece of its own.
    func pieces(userHost: Bool, limit: Int) -> [ArraySlice<UInt8>] {
        let text = userHost ? long : short
        var pieces: [ArraySlice<UInt8>] = []
        var start = text.startIndex
        while start < text.endIndex {
            var end = text.endIndex
            if end - start > limit {
                // The last space that keeps the piece within the limit, or else the first one after it.
                end = text[start...(start + limit)].lastIndex(of: UInt8(ascii: " "))
                    ?? text[(start + limit)...].firstIndex(of: UInt8(ascii: " ")) ?? text.endIndex
            }
            pieces.append(text[start..<end])
            start = end + 1
        }
        return pieces
    }
}
