import LetsChatCore

/// The room picker `letschat` shows when it finds several rooms on the network: plain state, changed
/// by `update` (the browser's newest list) and `apply` (a key), drawn by `frame`.
///
/// Rooms are listed by instance name, ignoring case. The selection follows its room: when the list
/// changes under it (rooms appear and vanish while the picker is open), the same room stays selected;
/// if that room went away, the one now in its place is.
public struct RoomPicker: Equatable, Sendable {
    /// What a key decided.
    public enum Outcome: Equatable, Sendable {
        /// Join this room.
        case join(DiscoveredRoom)
        /// Leave without joining.
        case quit
    }

    /// What a picker key does.
    public enum Action: Equatable, Sendable {
        /// Select the room above.
        case previous
        /// Select the room below.
        case next
        /// Join the selected room.
        case choose
        /// Quit without joining.
        case quit
    }

    /// One row of the picker's key table; README and the man page list exactly these rows.
    public struct Binding: Sendable {
        /// The keys, as the terminal adapter decodes them.
        public let keys: [Key]
        /// Their names as the documentation writes them.
        public let names: [String]
        /// What they do.
        public let action: Action
        /// One sentence saying what they do.
        public let summary: String
    }

    /// The picker's keys, in the order the documentation lists them.
    public static let bindings: [Binding] = [
        Binding(keys: [.up, .character("k"), .ctrl("p")], names: ["Up", "k", "Ctrl-P"], action: .previous,
                summary: "select the room above"),
        Binding(keys: [.down, .character("j"), .ctrl("n")], names: ["Down", "j", "Ctrl-N"], action: .next,
                summary: "select the room below"),
        Binding(keys: [.enter], names: ["Enter"], action: .choose, summary: "join the selected room"),
        Binding(keys: [.escape, .character("q"), .ctrl("c")], names: ["Esc", "q", "Ctrl-C"], action: .quit,
                summary: "quit without joining"),
    ]

    /// The rooms, sorted by instance name ignoring case.
    public private(set) var rooms: [DiscoveredRoom] = []
    /// The index of the selected room in `rooms`; 0 when the list is empty.
    public private(set) var selection = 0

    /// A picker listing `rooms`, with the first selected.
    public init(rooms: [DiscoveredRoom] = []) {
        update(rooms)
    }

    /// The selected room, or nil when there is none.
    public var selected: DiscoveredRoom? {
        rooms.indices.contains(selection) ? rooms[selection] : nil
    }

    /// Replaces the list with the browser's newest one, keeping the selected room selected if it is
    /// still there (matched by instance name: its addresses may have changed).
    public mutating func update(_ newRooms: [DiscoveredRoom]) {
        let previous = selected?.instanceName
        rooms = newRooms.sorted { ($0.instanceName.lowercased(), $0.instanceName) < ($1.instanceName.lowercased(), $1.instanceName) }
        if let previous, let index = rooms.firstIndex(where: { $0.instanceName == previous }) {
            selection = index
        } else {
            selection = min(selection, max(0, rooms.count - 1))
        }
    }

    /// Applies a key; returns what it decided, or nil when the picker stays open. Enter on a room
    /// whose address is not known yet does nothing.
    public mutating func apply(_ key: Key) -> Outcome? {
        guard let action = Self.bindings.first(where: { $0.keys.contains(key) })?.action else { return nil }
        switch action {
        case .previous:
            selection = max(0, selection - 1)
        case .next:
            selection = min(max(0, rooms.count - 1), selection + 1)
        case .choose:
            if let room = selected, room.endpoint != nil { return .join(room) }
        case .quit:
            return .quit
        }
        return nil
    }
}
