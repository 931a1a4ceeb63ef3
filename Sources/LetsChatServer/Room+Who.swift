/// What the room tells about who is here: NAMES, WHO and WHOIS, away messages, the topic.
extension Room {
    /// A copy of what WHO and WHOIS show of a member: nick, user, host, real name, in the room, operator, away.
    struct Info {
        /// The nickname, user name, host and real name; whether the user is in the room, and an operator.
        let nick: String, user: String, host: String, realName: String, inRoom: Bool, isOperator: Bool
        /// The away message; nil when the user is not away.
        let awayMessage: String?
    }

    /// The members in the room, in join order.
    var nameList: RoomNames {
        lock.withLock { roster.nameList() }
    }

    /// The current topic.
    var currentTopic: Topic? {
        lock.withLock { topic }
    }

    /// Marks `member` away with `message`, or back with nil.
    func setAway(_ member: Member, _ message: String?) {
        lock.withLock { member.awayMessage = message }
    }

    /// Everyone in the room.
    var memberInfos: [Info] {
        lock.withLock { roster.members.compactMap(info) }
    }

    /// Every connected client with a nickname, in the room or not.
    var userInfos: [Info] {
        lock.withLock { roster.everyone.compactMap(info) }
    }

    /// The connected client named `nick`, if any.
    func info(named nick: String) -> Info? {
        lock.withLock { roster.holder(of: nick).flatMap(info) }
    }

    private func info(_ member: Member) -> Info? {
        member.nick.map { Info(nick: $0, user: member.user, host: member.host, realName: member.realName,
                               inRoom: member.inRoom, isOperator: member.isOperator, awayMessage: member.awayMessage) }
    }
}
