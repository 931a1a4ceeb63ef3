import LetsChatCore

/// The network thread's side of one connection: what must be answered at once, without the user
/// (capability negotiation, PING, joining after 001, nickname fallback while registering), as plain
/// state. `ServerReplies.table` says which server command calls which step.
struct Registration: Sendable {
    /// What a step asks the network thread to do.
    struct Reaction: Equatable, Sendable {
        /// Lines to send at once (they cannot wait for the pacer), as `IRCLine` text.
        var replies: [String] = []
        /// The limits the server advertised, for the pacer.
        var limits: SendPacer.Limits?
        /// Why the connection must end, if it must.
        var end: String?
        /// Whether this line ended registration (001), after which the user's lines may flow.
        var welcomed = false
    }

    /// The room to join after 001.
    let channel: String
    /// Whether the room needs a password the client has (for the wording of a refusal).
    let hasPassword: Bool
    /// The nickname to register with: the user's choice, then the nick the server last gave us.
    var nick: String?
    /// Whether 001 arrived on this connection.
    private(set) var registered = false
    /// Why reconnecting cannot help (wrong password, every nickname refused).
    private(set) var hopeless: String?
    private var ownNick: String?
    private var fallback: NickFallback?
    /// The capabilities offered so far by a `CAP LS` reply that continues on the next line.
    private var offered: [String] = []

    /// The capabilities the client asks for when offered: `time` tags for history and day lines,
    /// `message-tags` for the `+typing` notices (issue 14).
    static let wanted = ["server-time", "message-tags"]

    /// The state for a new client joining `channel`.
    init(channel: String, hasPassword: Bool) {
        self.channel = channel
        self.hasPassword = hasPassword
    }

    /// Forgets the last connection's progress; the nickname stays for the next registration.
    mutating func restart() {
        registered = false
        ownNick = nil
        fallback = nil
        offered = []
    }

    /// PING: PONG with the same parameters.
    func pong(_ message: IRCMessage) -> Reaction {
        let params = message.params.isEmpty ? ["letschat"] : message.params
        return Reaction(replies: [IRCLine(command: "PONG", params: params).text])
    }

    /// CAP: ask for those of `wanted` that are offered, and end negotiation after the answer.
    ///
    /// A `CAP LS 302` reply may come in several lines (all but the last say `*` before the list); the
    /// request waits for the last, so that every offered capability goes in one `CAP REQ`.
    mutating func negotiate(_ message: IRCMessage) -> Reaction {
        let sub = message.params.count > 1 ? message.params[1].uppercased() : ""
        if sub == "LS" {
            guard message.params.count >= 3 else { return Reaction(replies: [IRCLine(command: "CAP", params: ["END"]).text]) }
            offered += (message.params.last ?? "").split(separator: " ").map { String($0.prefix { $0 != "=" }) }
            if message.params.count >= 4 && message.params[2] == "*" { return Reaction() }
            let requested = Registration.wanted.filter(offered.contains)
            offered = []
            return Reaction(replies: [requested.isEmpty ? IRCLine(command: "CAP", params: ["END"]).text
                                                 : IRCLine(command: "CAP", params: ["REQ"], trailing: requested.joined(separator: " ")).text])
        }
        return Reaction(replies: sub == "ACK" || sub == "NAK" ? [IRCLine(command: "CAP", params: ["END"]).text] : [])
    }

    /// 001: registered under the nick the server gives; join the room.
    mutating func welcome(_ message: IRCMessage) -> Reaction {
        registered = true
        ownNick = message.params.first
        return Reaction(replies: [IRCLine(command: "JOIN", params: [channel]).text], welcomed: true)
    }

    /// 005: the server's limits for lines a client sends (`LINERATE=BURST,RATE`), if it says them.
    func support(_ message: IRCMessage) -> Reaction {
        let tokens = message.params.dropFirst()
        let rate = tokens.lazy.compactMap { token -> SendPacer.Limits? in
            guard token.hasPrefix("LINERATE=") else { return nil }
            return SendPacer.Limits(isupport: token.dropFirst("LINERATE=".count))
        }.first
        return Reaction(limits: rate)
    }

    /// NICK: follows the user's own nick changes, so that a reconnection registers with the new nick.
    mutating func renamed(_ message: IRCMessage) -> Reaction {
        if let own = ownNick, let from = message.sourceNick, Nickname.folded(from) == Nickname.folded(own),
           let new = message.params.first {
            ownNick = new
            nick = new
        }
        return Reaction()
    }

    /// 432 and 433: before registration, try the next variant of the nickname, but not forever.
    /// (After it, a refused /nick only leaves the old nick in place.)
    mutating func nickRefused(_ message: IRCMessage) -> Reaction {
        guard !registered else { return Reaction() }
        let wanted = nick ?? "guest"
        if fallback?.wanted != wanted { fallback = NickFallback(wanted: wanted) }
        guard let next = fallback?.next(after: message.command) else {
            hopeless = "the server refused the nickname \(wanted) and its variants; start letschat with another --nick"
            return Reaction(end: hopeless)
        }
        return Reaction(replies: [IRCLine(command: "NICK", params: [next]).text])
    }

    /// 464: the password is missing or wrong; trying again would be refused the same way.
    mutating func passwordRefused(_ message: IRCMessage) -> Reaction {
        hopeless = hasPassword ? "the server refused the password in LETSCHAT_PASSWORD"
            : "this room needs a password: set LETSCHAT_PASSWORD and start letschat again"
        return Reaction(end: hopeless)
    }
}
