import LetsChatCore

/// Connection-level commands: capability negotiation, registration, keep-alive and quitting.
extension IRCSession {
    /// CAP LS, LIST, REQ and END: negotiates IRCv3 capabilities; registration waits for END.
    func cap(_ message: IRCMessage) {
        let subcommand = message.params[0].uppercased()
        switch subcommand {
        case "LS":
            if !registered { negotiatingCaps = true }
            capReply("LS", IRCSession.capabilities.joined(separator: " "))
        case "LIST":
            capReply("LIST", caps.sorted().joined(separator: " "))
        case "REQ":
            if !registered { negotiatingCaps = true }
            let requested = message.params.count > 1 ? message.params[1] : ""
            let names = requested.split(separator: " ").map(String.init)
            let known = names.allSatisfy { name in
                IRCSession.capabilities.contains(name.hasPrefix("-") ? String(name.dropFirst()) : name)
            }
            guard known, !names.isEmpty else {
                capReply("NAK", requested)
                return
            }
            for name in names {
                if name.hasPrefix("-") { caps.remove(String(name.dropFirst())) } else { caps.insert(name) }
            }
            if registered {
                context.room.updateAudience(member, audience)
            }
            capReply("ACK", requested)
        case "END":
            negotiatingCaps = false
            registerIfReady()
        default:
            numeric("410", [message.params[0], "Invalid CAP command"])
        }
    }

    // `:server CAP nick SUBCOMMAND :capabilities`
    private func capReply(_ subcommand: String, _ capabilities: String) {
        var line = IRCLine(source: context.serverName, command: "CAP")
        line.param(nick)
        line.param(subcommand)
        line.trailing(capabilities)
        send(line)
    }

    /// NICK: sets or changes the nickname, refusing invalid ones and ones in use.
    func nickCommand(_ message: IRCMessage) {
        guard let requested = message.params.first, !requested.isEmpty else {
            numeric("431", ["No nickname given"])
            return
        }
        guard Nickname.isValid(requested) else {
            numeric("432", [requested, "Erroneous nickname"])
            return
        }
        if registered {
            guard context.room.rename(member, to: requested) else {
                numeric("433", [requested, "Nickname is already in use"])
                return
            }
            nick = requested
        } else if context.configuration.password != nil {
            // In a private room a nickname is only taken once the password is checked.
            nick = requested
            registerIfReady()
        } else {
            guard context.room.claim(requested, for: member) else {
                numeric("433", [requested, "Nickname is already in use"])
                return
            }
            nick = requested
            registerIfReady()
        }
    }

    /// USER: records the user name (made nickname-safe) and the real name; refused after registration.
    func userCommand(_ message: IRCMessage) {
        guard !registered else {
            numeric("462", ["You may not reregister"])
            return
        }
        guard !message.params[0].isEmpty, !message.params[3].isEmpty else {
            numeric("461", ["USER", "Not enough parameters"])
            return
        }
        let name = Nickname.suggestion(from: message.params[0]) ?? "user"
        user = name
        context.room.setIdentity(member, user: name, realName: TextSanitizer.clean(message.params[3], keepFormatting: false))
        registerIfReady()
    }

    /// PASS: keeps the password for the check at registration; refused after registration.
    func passCommand(_ message: IRCMessage) {
        if registered {
            numeric("462", ["You may not reregister"])
        } else {
            givenPassword = message.params[0]
        }
    }

    /// PING: answers PONG with the client's token.
    func ping(_ message: IRCMessage) {
        guard let token = message.params.first else {
            numeric("409", ["No origin specified"])
            return
        }
        send(IRCLine(source: context.serverName, command: "PONG", params: [context.serverName, token]))
    }

    /// QUIT: ends the session with `Quit` or `Quit: reason`.
    func quitCommand(_ message: IRCMessage) {
        let reason = message.params.first.map { TextSanitizer.clean($0) } ?? ""
        quit(reason.isEmpty ? "Quit" : "Quit: \(reason)")
    }
}
