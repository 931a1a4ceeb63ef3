import LetsChatCore

/// Commands about the room: entering, leaving, who is here, topic and modes.
extension IRCSession {
    /// JOIN: enters the room; `JOIN 0` leaves it, and any other channel gets 403.
    func join(_ message: IRCMessage) {
        for name in message.params[0].split(separator: ",").map(String.init) {
            if name == "0" {
                context.room.leave(member, reason: "", isQuit: false)
            } else if isRoom(name) {
                enterRoom()
            } else {
                numeric("403", [name, "No such channel (this server has one room, \(context.channel))"])
            }
        }
    }

    /// PART: leaves the room with the reason given (403 for other channels, 442 when not in it).
    func part(_ message: IRCMessage) {
        let reason = message.params.count > 1 ? TextSanitizer.clean(message.params[1]) : ""
        for name in message.params[0].split(separator: ",").map(String.init) {
            if !isRoom(name) {
                numeric("403", [name, "No such channel"])
            } else if context.room.info(named: nick)?.inRoom != true {
                numeric("442", [name, "You're not on that channel"])
            } else {
                context.room.leave(member, reason: reason, isQuit: false)
            }
        }
    }

    /// NAMES: lists the room's members; any other target gets an empty list.
    func names(_ message: IRCMessage) {
        let target = message.params.first ?? context.channel
        guard isRoom(target) else {
            numeric("366", [target, "End of /NAMES list"])
            return
        }
        send(bytes: IRCSession.namesReply(context: context, nick: nick, names: context.room.nameList,
                                          userHost: caps.contains("userhost-in-names")))
    }

    /// TOPIC: sets the topic when text is given, otherwise shows it (331 when there is none).
    func topic(_ message: IRCMessage) {
        let target = message.params[0]
        guard isRoom(target) else {
            numeric("403", [target, "No such channel"])
            return
        }
        if message.params.count > 1 {
            let text = TextSanitizer.truncated(TextSanitizer.clean(message.params[1]), toUTF8Bytes: 390)
            if !context.room.setTopic(member, text: text) {
                numeric("442", [context.channel, "You're not on that channel"])
            }
        } else if let topic = context.room.currentTopic, !topic.text.isEmpty {
            numeric("332", [context.channel, topic.text])
            numeric("333", [context.channel, topic.setBy, String(topic.time.milliseconds / 1000)])
        } else {
            numeric("331", [context.channel, "No topic is set"])
        }
    }

    /// WHO: lists the room's members, or the users matching a nick or a wildcard mask.
    func who(_ message: IRCMessage) {
        let mask = message.params.first ?? "*"
        let infos: [Room.Info]
        if isRoom(mask) || mask == "*" || mask == "0" {
            infos = context.room.memberInfos
        } else if WildcardMask.hasWildcards(mask) {
            let pattern = WildcardMask(mask)
            infos = context.room.userInfos.filter {
                pattern.matches($0.nick) || pattern.matches($0.user) || pattern.matches($0.host) || pattern.matches($0.realName)
            }
        } else {
            infos = context.room.info(named: mask).map { [$0] } ?? []
        }
        for info in infos {
            let channel = info.inRoom ? context.channel : "*"
            let flags = (info.awayMessage == nil ? "H" : "G") + (info.isOperator && info.inRoom ? "@" : "")
            numeric("352", [channel, info.user, info.host, context.serverName, info.nick, flags, "0 \(info.realName)"])
        }
        numeric("315", [mask, "End of WHO list"])
    }

    /// WHOIS: describes one user (`WHOIS [server] nick`; 401 when nobody has that nick).
    func whois(_ message: IRCMessage) {
        let target = message.params.count > 1 ? message.params[1] : message.params[0]
        guard let info = context.room.info(named: target) else {
            numeric("401", [target, "No such nick/channel"])
            numeric("318", [target, "End of /WHOIS list"])
            return
        }
        numeric("311", [info.nick, info.user, info.host, "*", info.realName])
        if info.inRoom { numeric("319", [info.nick, (info.isOperator ? "@" : "") + context.channel]) }
        numeric("312", [info.nick, context.serverName, "LetsChat"])
        numeric("318", [info.nick, "End of /WHOIS list"])
    }

    /// MODE: reports the room's fixed `+nt`, an empty ban list and the client's own `+i`; nothing can be changed.
    func mode(_ message: IRCMessage) {
        let target = message.params[0]
        if isRoom(target) {
            if message.params.count == 1 {
                numeric("324", [context.channel, "+nt"])
                numeric("329", [context.channel, String(context.startedAt.milliseconds / 1000)])
            } else if message.params[1].contains("b") && message.params.count == 2 {
                numeric("368", [context.channel, "End of channel ban list"])
            } else {
                numeric("482", [context.channel, "Channel modes cannot be changed on this server"])
            }
        } else if Nickname.folded(target) == Nickname.folded(nick) {
            if message.params.count == 1 {
                numeric("221", ["+i"])
            } else {
                var line = IRCLine(source: member.source, command: "MODE")
                line.param(nick)
                line.trailing("+i")
                send(line)
            }
        } else if target.hasPrefix("#") {
            numeric("403", [target, "No such channel"])
        } else if context.room.info(named: target) != nil {
            numeric("502", ["Can't change mode for other users"])
        } else {
            numeric("401", [target, "No such nick/channel"])
        }
    }

    /// ISON: replies with those of the given nicks that are connected.
    func ison(_ message: IRCMessage) {
        let present = message.params.flatMap { $0.split(separator: " ").map(String.init) }
            .compactMap { context.room.info(named: $0)?.nick }
        numeric("303", [present.joined(separator: " ")])
    }

    /// USERHOST: replies with `nick=+user@host` for up to five connected nicks.
    func userhost(_ message: IRCMessage) {
        let replies = message.params.prefix(5).compactMap { context.room.info(named: $0) }
            .map { "\($0.nick)=+\($0.user)@\($0.host)" }
        numeric("302", [replies.joined(separator: " ")])
    }

    /// AWAY: marks the client away with the text given, or back when there is none.
    func away(_ message: IRCMessage) {
        if let text = message.params.first, !text.isEmpty {
            context.room.setAway(member, TextSanitizer.clean(text))
            numeric("306", ["You have been marked as being away"])
        } else {
            context.room.setAway(member, nil)
            numeric("305", ["You are no longer marked as being away"])
        }
    }

    /// LUSERS: reports the current and peak user counts (one server, one channel, no operators).
    func lusers(_ message: IRCMessage) {
        lusers(counts: context.room.userCounts)
    }

    /// The LUSERS numerics for `counts` (connected users now, and the most there have been).
    func lusers(counts: (current: Int, peak: Int)) {
        let users = counts.current
        numeric("251", ["There are \(users) users and 0 invisible on 1 servers"])
        numeric("252", ["0", "operator(s) online"])
        numeric("254", ["1", "channels formed"])
        numeric("255", ["I have \(users) clients and 0 servers"])
        let peak = counts.peak
        numeric("265", [String(users), String(peak), "Current local users \(users), max \(peak)"])
        numeric("266", [String(users), String(peak), "Current global users \(users), max \(peak)"])
    }

    /// TIME: replies with the current time, UTC, in ISO 8601.
    func time(_ message: IRCMessage) {
        numeric("391", [context.serverName, LocalTime.now().iso8601])
    }
}
