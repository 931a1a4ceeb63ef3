import LetsChatCore

/// A client that does not speak IRC: the original LetsChat client, `nc` or telnet.
///
/// The server prompts `NICK`; the reply is a bare nickname. A reply ending in a newline means a
/// line-based client (`nc`); one without means the original client, which then sends each message
/// as one write, unterminated and already prefixed `nick: `, and leaves with `nick has left the chat.`
/// A line client fed from a pipe sends its nickname line before the prompt; it gets no prompt.
final class TextSession {
    /// Longest line a text client may send.
    static let maxLineBytes = 4096
    /// Slash commands text clients may type, with their help.
    static let commands: [(name: String, help: String)] = [
        ("/who", "list who is here"),
        ("/nick NAME", "change your nickname"),
        ("/me ACTION", "say that you do something"),
        ("/msg NICK TEXT", "send a private message"),
        ("/topic [TEXT]", "show or set the topic"),
        ("/help", "show this help"),
        ("/quit or exit", "leave"),
    ]

    private let member: Member
    private let context: ServerContext
    private var reader: LineReader
    /// The nickname line the client sent before any prompt (piped `nc`); nil for a client that waited.
    private let nicknameLine: [UInt8]?
    private var isOriginalClient = false
    /// The name the original client prefixes its messages with, whatever the server made of it.
    private var typedNick = ""
    private var leaving: String?
    private var floodGate: FloodGate
    /// Whether this client's password would cross the network in clear text and must not be asked for.
    private let refusesPassword: Bool

    /// A session for `member` on `transport`, with flood pacing from `context`'s settings. A client
    /// that spoke first brings its `nicknameLine` and the `buffered` bytes read after it.
    @inline(never)  // keeps its temporaries out of the frame the reader thread idles under (Connection.serve)
    init(member: Member, transport: any Transport, nicknameLine: [UInt8]? = nil, buffered: [UInt8] = [],
         context: ServerContext) {
        self.member = member
        self.context = context
        self.nicknameLine = nicknameLine
        refusesPassword = context.refusesPassword(on: transport)
        reader = LineReader(transport: transport, maxLineBytes: TextSession.maxLineBytes, buffered: buffered,
                            whenQuiet: member.outbound.releaseSpare)
        let configuration = context.configuration
        floodGate = FloodGate(burst: configuration.floodBurst, rate: configuration.floodRate,
                              disconnectAfter: configuration.floodDisconnectSeconds, now: MonotonicClock.now())
    }

    /// Prompts for a nickname, enters the room and relays lines until the client leaves.
    func run() {
        guard let answer = nicknameLine.map(TextSession.nickname(from:)) ?? promptForNickname() else {
            context.room.leave(member, reason: "", isQuit: true)
            return
        }
        typedNick = answer
        guard checkPassword() else {
            context.room.leave(member, reason: "", isQuit: true)
            return
        }
        let nick = claimNickname(from: answer)
        context.room.setIdentity(member, user: nick, realName: isOriginalClient ? "LetsChat client" : "text client")
        if nick != answer {
            say(Nickname.isValid(answer) || answer.isEmpty
                ? "-- \(answer.isEmpty ? "That nickname" : "'\(answer)'") was not available; you are \(nick).\n"
                : "-- '\(answer)' is not a valid nickname (letters, digits and []\\`_^{|}-, not starting with a digit"
                    + " or -, at most \(Nickname.maxLength)); you are \(nick).\n")
        }
        enter()
        while leaving == nil {
            if isOriginalClient {
                guard reader.fill(milliseconds: -1) == true else { break }
                if case .line(let bytes) = reader.next(milliseconds: 0) {
                    handle(bytes)
                    while case .line(let more) = reader.next(milliseconds: 0) { handle(more) }
                }
                if reader.hasPending { handle(reader.takePending()) }
            } else {
                switch reader.next(milliseconds: -1) {
                case .line(let bytes): handle(bytes)
                case .tooLong: say("-- That line was longer than \(TextSession.maxLineBytes) bytes and was not sent.\n")
                case .timeout: continue
                case .closed:
                    let reason = context.room.closeReason(for: member)
                    leaving = reason == "Connection closed" ? "" : reason
                }
            }
        }
        context.room.leave(member, reason: leaving ?? "", isQuit: true)
    }

    /// Sends the `NICK` prompt and reads the answer, telling the original client from a line client.
    private func promptForNickname() -> String? {
        // The original client reads the prompt in one recv and compares it to exactly "NICK".
        member.outbound.send(Array("NICK".utf8))
        let deadline = Int32(context.configuration.registrationTimeout * 1000)
        guard reader.fill(milliseconds: deadline) == true else { return nil }
        // nc sends "alice\n" in one piece; the original client sends "alice" and then waits.
        switch reader.next(milliseconds: 150) {
        case .line(let bytes):
            return TextSession.nickname(from: bytes)
        case .timeout:
            guard reader.hasPending else { return nil }
            isOriginalClient = true
            return TextSession.nickname(from: reader.takePending())
        case .tooLong, .closed:
            return nil
        }
    }

    /// The nickname a client asked for: its answer without controls, formatting or surrounding spaces.
    private static func nickname(from bytes: [UInt8]) -> String {
        TextSanitizer.clean(TextSanitizer.decode(bytes), keepFormatting: false).trimmingSpaces
    }

    /// Asks for the room's password when there is one; false if the answer was wrong or missing.
    private func checkPassword() -> Bool {
        guard let password = context.configuration.password else { return true }
        if refusesPassword {
            context.log("refused \(member.host): a private room, entered over plain text")
            say("-- \(ConnectionSecurity.plaintextPasswordAdvice(context)) in place of nc.\n")
            return false
        }
        say("Password: ")
        var answer = ""
        if case .line(let bytes) = reader.next(milliseconds: Int32(context.configuration.registrationTimeout * 1000)) {
            answer = TextSanitizer.decode(bytes)
        }
        if RoomPassword(password).matches(answer) { return true }
        let failures = context.room.recordPasswordFailure()
        context.log("wrong or missing password from \(member.host) (\(failures) refused so far)")
        MonotonicClock.sleep(context.configuration.passwordFailureDelay)
        say("-- Wrong password.\n")
        return false
    }

    private func claimNickname(from answer: String) -> String {
        let base = Nickname.isValid(answer) ? answer : (Nickname.suggestion(from: answer) ?? "guest")
        if context.room.claim(base, for: member) { return base }
        for number in 2...99_999 {
            let candidate = String(base.prefix(Nickname.maxLength - String(number).count)) + String(number)
            if context.room.claim(candidate, for: member) { return candidate }
        }
        return base
    }

    private func enter() {
        let context = self.context
        let commandsHint = isOriginalClient ? "" : " Type /help for commands."
        context.room.enter(member) { snapshot in
            let names = snapshot.names.nicks
            var out = "-- Welcome to \(context.channel) on \(context.serverName). Online now (\(names.count)): "
                + names.joined(separator: ", ") + ".\(commandsHint)\n"
            if let topic = snapshot.topic, !topic.text.isEmpty { out += "-- Topic: \(topic.text)\n" }
            return Array(out.utf8) + snapshot.replay
        }
    }

    private func handle(_ bytes: [UInt8]) {
        switch floodGate.admit(now: MonotonicClock.now()) {
        case .pass: break
        case .wait(let seconds): MonotonicClock.sleep(seconds)
        case .flooding:
            say("-- You sent too much too fast; disconnecting.\n")
            leaving = "Excess Flood"
            return
        }
        var text = TextSanitizer.clean(TextSanitizer.decode(bytes)).trimmingSpaces
        if isOriginalClient {
            if text == "\(typedNick) has left the chat." {
                leaving = ""
                return
            }
            if text.hasPrefix("\(typedNick): ") { text = String(text.dropFirst(typedNick.count + 2)) }
        }
        guard !text.isEmpty else { return }
        if !isOriginalClient && text.hasPrefix("/") || text == "exit" {
            command(text)
        } else {
            _ = context.room.say(member, kind: .message, text: text)
        }
    }

    private func command(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingSpaces : ""
        switch parts[0].lowercased() {
        case "/quit", "exit":
            leaving = argument
        case "/who":
            let names = context.room.nameList.nicks
            say("-- Online now (\(names.count)): \(names.joined(separator: ", "))\n")
        case "/nick" where Nickname.isValid(argument):
            if !context.room.rename(member, to: argument) { say("-- The nickname \(argument) is taken.\n") }
        case "/nick":
            say("-- Usage: /nick NAME (letters, digits and []\\`_^{|}-, at most \(Nickname.maxLength)).\n")
        case "/me" where !argument.isEmpty:
            _ = context.room.say(member, kind: .action, text: argument)
        case "/me":
            say("-- Usage: /me ACTION\n")
        case "/msg":
            let pieces = argument.split(separator: " ", maxSplits: 1).map(String.init)
            if pieces.count < 2 {
                say("-- Usage: /msg NICK TEXT\n")
            } else if !context.room.sendPrivate(from: member, to: pieces[0], command: "PRIVMSG", text: pieces[1]) {
                say("-- No one here is called \(pieces[0]).\n")
            }
        case "/topic" where argument.isEmpty:
            let topic = context.room.currentTopic?.text ?? ""
            say(topic.isEmpty ? "-- No topic is set.\n" : "-- Topic: \(topic)\n")
        case "/topic":
            _ = context.room.setTopic(member, text: TextSanitizer.truncated(argument, toUTF8Bytes: 390))
        case "/help":
            say(TextSession.commands.map { "--   \($0.name)  \($0.help)\n" }.joined())
        default:
            say("-- Unknown command \(parts[0]). Type /help for commands.\n")
        }
    }

    private func say(_ text: String) {
        context.room.reply(Array(text.utf8), to: member)
        context.room.send(OutgoingBatch(members: [member]))
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        let scalars = unicodeScalars.drop { $0 == " " }
        return String(String.UnicodeScalarView(scalars.reversed().drop { $0 == " " }.reversed()))
    }
}
