import LetsChatCore

/// What a newcomer is shown of the room on entering.
extension Room {
    /// What a newcomer is sent on entering: the room as it is, then recent history.
    struct Snapshot {
        /// The room's topic, if it has one.
        let topic: Topic?
        /// Who is in the room, the newcomer included, in join order.
        let names: RoomNames
        /// Recent events already rendered for the newcomer's audience, oldest first.
        let replay: [UInt8]
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
}
