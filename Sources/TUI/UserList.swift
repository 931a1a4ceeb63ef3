import LetsChatCore

/// The nicknames in the room, kept sorted ignoring case, and the sidebar rows that show them.
///
/// Nicknames are compared as IRC does (`Nickname.folded`): `Alice` and `alice` are one person, and
/// adding one that is present keeps the spelling last seen.
public struct UserList: Equatable, Sendable {
    /// The nicknames, sorted ignoring case.
    public private(set) var nicks: [String] = []

    /// Creates a list holding `nicks`.
    public init(_ nicks: [String] = []) {
        replaceAll(nicks)
    }

    /// How many nicknames the list holds.
    public var count: Int { nicks.count }

    /// The length of the longest nickname, in columns (for the sidebar's width).
    public var longestNick: Int { nicks.map { DisplayWidth.of($0) }.max() ?? 0 }

    /// Whether `nick` is in the list, ignoring case.
    public func contains(_ nick: String) -> Bool {
        position(of: nick).found
    }

    /// Adds `nick`, or updates its spelling if present.
    public mutating func add(_ nick: String) {
        let (index, found) = position(of: nick)
        if found {
            nicks[index] = nick
        } else {
            nicks.insert(nick, at: index)
        }
    }

    /// Removes `nick` if present.
    public mutating func remove(_ nick: String) {
        let (index, found) = position(of: nick)
        if found { nicks.remove(at: index) }
    }

    /// Replaces `old` with `new`, keeping the order sorted; adds `new` even if `old` was missing.
    public mutating func rename(_ old: String, to new: String) {
        remove(old)
        add(new)
    }

    /// Replaces the whole list, as after a fresh names reply.
    public mutating func replaceAll(_ newNicks: [String]) {
        nicks = []
        for nick in newNicks { add(nick) }
    }

    /// The sidebar: a `Users (N)` header, then one nickname per row, each cut to `width` columns.
    ///
    /// The user's own nickname is drawn in the own style. When the names do not fit, the last row
    /// says how many more there are.
    public func rows(height: Int, width: Int, ownNick: String?) -> [DisplayRow] {
        guard height > 0, width > 0 else { return [] }
        var rows = [DisplayRow(LineWrapper.truncate("Users (\(count))", width: width), style: .info)]
        let room = height - 1
        let shown = nicks.count <= room ? nicks.count : max(0, room - 1)
        let ownFolded = ownNick.map(Nickname.folded)
        for nick in nicks.prefix(shown) {
            let style: Style = Nickname.folded(nick) == ownFolded ? .own : .nick(NickColor.index(for: nick))
            rows.append(DisplayRow(LineWrapper.truncate(nick, width: width), style: style))
        }
        if shown < nicks.count && room > 0 {
            rows.append(DisplayRow(LineWrapper.truncate("+\(nicks.count - shown) more", width: width), style: .dim))
        }
        return rows
    }

    private func position(of nick: String) -> (index: Int, found: Bool) {
        let key = Nickname.folded(nick)
        var low = 0
        var high = nicks.count
        while low < high {
            let mid = (low + high) / 2
            if Nickname.folded(nicks[mid]) < key { low = mid + 1 } else { high = mid }
        }
        return (low, low < nicks.count && Nickname.folded(nicks[low]) == key)
    }
}
