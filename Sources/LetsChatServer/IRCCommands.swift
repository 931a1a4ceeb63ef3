import LetsChatCore

/// The IRC commands the server understands: handler, minimum parameters, and whether the
/// client must be registered first. `IRCSession.handle` answers 421, 451 and 461 from this table.
struct IRCCommands {
    /// Parameters the command needs; with fewer the client gets 461.
    let minimumParameters: Int
    /// Whether the client must have registered first; if not, it gets 451.
    let needsRegistration: Bool
    /// The handler, called with the session and the message once those checks pass.
    let run: @Sendable (IRCSession, IRCMessage) -> Void

    /// Every command, by its upper-case name.
    static let table: [String: IRCCommands] = [
        "CAP": .init(minimumParameters: 1, needsRegistration: false) { $0.cap($1) },
        "NICK": .init(minimumParameters: 0, needsRegistration: false) { $0.nickCommand($1) },
        "USER": .init(minimumParameters: 4, needsRegistration: false) { $0.userCommand($1) },
        "PASS": .init(minimumParameters: 1, needsRegistration: false) { $0.passCommand($1) },
        "PING": .init(minimumParameters: 0, needsRegistration: false) { $0.ping($1) },
        "PONG": .init(minimumParameters: 0, needsRegistration: false) { _, _ in },
        "QUIT": .init(minimumParameters: 0, needsRegistration: false) { $0.quitCommand($1) },
        "JOIN": .init(minimumParameters: 1, needsRegistration: true) { $0.join($1) },
        "PART": .init(minimumParameters: 1, needsRegistration: true) { $0.part($1) },
        "PRIVMSG": .init(minimumParameters: 0, needsRegistration: true) { $0.message($1) },
        "NOTICE": .init(minimumParameters: 0, needsRegistration: true) { $0.message($1) },
        "TAGMSG": .init(minimumParameters: 1, needsRegistration: true) { $0.tagMessage($1) },
        "NAMES": .init(minimumParameters: 0, needsRegistration: true) { $0.names($1) },
        "TOPIC": .init(minimumParameters: 1, needsRegistration: true) { $0.topic($1) },
        "WHO": .init(minimumParameters: 0, needsRegistration: true) { $0.who($1) },
        "WHOIS": .init(minimumParameters: 1, needsRegistration: true) { $0.whois($1) },
        "MODE": .init(minimumParameters: 1, needsRegistration: true) { $0.mode($1) },
        "MOTD": .init(minimumParameters: 0, needsRegistration: true) { session, _ in session.sendMOTD() },
        "ISON": .init(minimumParameters: 1, needsRegistration: true) { $0.ison($1) },
        "USERHOST": .init(minimumParameters: 1, needsRegistration: true) { $0.userhost($1) },
        "AWAY": .init(minimumParameters: 0, needsRegistration: true) { $0.away($1) },
        "LUSERS": .init(minimumParameters: 0, needsRegistration: true) { $0.lusers($1) },
        "TIME": .init(minimumParameters: 0, needsRegistration: true) { $0.time($1) },
    ]
}
