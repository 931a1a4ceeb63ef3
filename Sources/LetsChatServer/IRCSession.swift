import LetsChatCore

/// One IRC client's conversation with the server, run on its connection's reader thread.
///
/// All state here belongs to that thread; the room is reached only through `Room`'s methods.
final class IRCSession {
    /// Longest line body accepted, as RFC 1459 says; client tags may add up to 8191 bytes more.
    static let maxBodyBytes = 512
    /// Longest line read: up to 8191 bytes of client tags plus `maxBodyBytes`.
    static let maxLineBytes = 8191 + maxBodyBytes
    /// Targets one PRIVMSG or NOTICE may name (advertised as `TARGMAX`); more are ignored.
    static let maxTargets = 4
    /// The IRCv3 capabilities offered.
    static let capabilities = ["server-time", "echo-message", "multi-prefix", "userhost-in-names", "message-tags",
                               "batch", "labeled-response"]

    /// This client as the room knows it.
    let member: Member
    /// What every session shares: settings, the room and the log.
    let context: ServerContext
    /// Hands out the client's lines, at most `maxLineBytes` each.
    var reader: LineReader
    /// Nickname as the client sees itself; `*` before one is accepted.
    var nick = "*"
    /// The user name from USER; nil until it arrives.
    var user: String?
    /// Whether registration is complete (001 was sent).
    var registered = false
    /// Whether CAP LS or REQ began a negotiation that CAP END has not closed; registration waits.
    var negotiatingCaps = false
    /// The IRCv3 capabilities the client has enabled.
    var caps: Set<String> = []
    /// Why the session is ending; once set, `run()` stops after the current command.
    var quitReason: String?
    /// When the client last sent a line (monotonic seconds).
    var lastHeard = MonotonicClock.now()
    /// Whether the server sent a PING and the client has sent nothing since.
    var pingOutstanding = false
    /// Paces the client's input.
    var floodGate: FloodGate
    /// The password the client sent with PASS, if any.
    var givenPassword: String?
    /// Labeled responses sent so far, which names each one's batch.
    var labeledResponses = 0
    /// Whether this client's password would cross the network in clear text and must be refused.
    let refusesPassword: Bool
    /// What this session queued and has not sent yet: its replies, and the room events its lines
    /// made. Sent before the session waits for anything (`flushBeforeWaiting`), so the replies to a
    /// burst of lines go out in one write and the room hears the whole burst in one `send` per member.
    var unsent = OutgoingBatch()

    /// A session for `member` on `transport`, starting with the `buffered` bytes already read from it,
    /// with flood pacing from `context`'s settings.
    @inline(never)  // keeps its temporaries out of the frame the reader thread idles under (Connection.serve)
    init(member: Member, transport: any Transport, buffered: [UInt8], context: ServerContext) {
        self.member = member
        self.context = context
        refusesPassword = context.refusesPassword(on: transport)
        reader = LineReader(transport: transport, maxLineBytes: IRCSession.maxLineBytes, buffered: buffered,
                            whenQuiet: member.outbound.releaseSpare)
        let configuration = context.configuration
        floodGate = FloodGate(burst: configuration.floodBurst, rate: configuration.floodRate,
                              disconnectAfter: configuration.floodDisconnectSeconds, now: MonotonicClock.now())
    }

    /// Reads and answers commands until the client quits, fails a deadline or disconnects.
    func run() {
        let configuration = context.configuration
        let startedAt = MonotonicClock.now()
        while quitReason == nil {
            let now = MonotonicClock.now()
            let deadline: Double
            if !registered {
                deadline = startedAt + configuration.registrationTimeout
            } else {
                deadline = lastHeard + configuration.pingInterval + (pingOutstanding ? configuration.pingTimeout : 0)
            }
            if now >= deadline {
                if !registered {
                    quitReason = "Registration timed out"
                } else if pingOutstanding {
                    quitReason = "Ping timeout: \(Int(configuration.pingTimeout)) seconds"
                } else {
                    pingOutstanding = true
                    var ping = IRCLine(command: "PING")
                    ping.trailing(context.serverName)
                    send(ping)
                    continue
                }
                break
            }
            // Lines already read are handled before anything is sent: the replies to a burst (the
            // whole registration, say) go out in one write, and the room hears them all before we wait.
            let next = reader.nextBuffered() ?? {
                flushBeforeWaiting()
                return reader.next(milliseconds: Int32(min((deadline - now) * 1000 + 1, 3_600_000)))
            }()
            switch next {
            case .line(let bytes):
                lastHeard = MonotonicClock.now()
                pingOutstanding = false
                switch floodGate.admit(now: lastHeard) {
                case .pass: break
                case .wait(let seconds):
                    flushBeforeWaiting()
                    MonotonicClock.sleep(seconds)
                case .flooding:
                    quitReason = "Excess Flood"
                    continue
                }
                // UTF8ONLY: a line that is not UTF-8 is refused whole, never relayed with its bytes replaced.
                guard let line = String(validating: bytes, as: UTF8.self) else {
                    refuseInvalidUTF8(bytes)
                    continue
                }
                handle(line)
            case .tooLong:
                numeric("417", ["Input line was too long"])
            case .timeout:
                continue
            case .closed:
                quitReason = context.room.closeReason(for: member)
            }
        }
        finish(reason: quitReason ?? "Connection closed")
    }

    private func handle(_ line: String) {
        guard let message = try? IRCMessage(parsing: line) else { return }
        // The label first: nearly every line has none, and that settles it without touching `caps`.
        guard let label = LabeledResponse.label(of: message), registered,
              caps.contains("labeled-response"), caps.contains("batch") else {
            carryOut(message, line: line)
            return
        }
        context.room.beginLabeledResponse(for: member)
        carryOut(message, line: line)
        let replies = context.room.endLabeledResponse(for: member)
        labeledResponses += 1
        send(bytes: LabeledResponse.wrap(replies, label: label, serverName: context.serverName,
                                         batchID: "lr\(labeledResponses)"))
    }

    /// Carries out one command after the checks every line gets.
    private func carryOut(_ message: IRCMessage, line: String) {
        // Before anything in the line is carried out: too much tag data refuses the whole line.
        do throws(ClientTags.Rejection) {
            try ClientTags.checkSize(of: line)
        } catch {
            numeric(error.numeric, [error.description])
            return
        }
        let bodyLength = line.utf8.count - (line.hasPrefix("@") ? (line.utf8.firstIndex(of: 0x20).map { line.utf8.distance(from: line.utf8.startIndex, to: $0) + 1 } ?? 0) : 0)
        if bodyLength > IRCSession.maxBodyBytes {
            numeric("417", ["Input line was too long"])
            return
        }
        guard let command = IRCCommands.table[message.command] else {
            if registered { numeric("421", [message.command, "Unknown command"]) }
            else { numeric("451", ["You have not registered"]) }
            return
        }
        if command.needsRegistration && !registered {
            numeric("451", ["You have not registered"])
            return
        }
        if message.params.count < command.minimumParameters {
            numeric("461", [message.command, "Not enough parameters"])
            return
        }
        command.run(self, message)
    }

    /// `FAIL <command> INVALID_UTF8`, for a line that is not valid UTF-8; the command is `*` when the
    /// line has none that can be read.
    private func refuseInvalidUTF8(_ bytes: [UInt8]) {
        let command = (try? IRCMessage(parsing: TextSanitizer.decode(bytes)))?.command
        let name = command.flatMap { IRCCommands.table[$0] == nil ? nil : $0 } ?? "*"
        send(IRCLine(source: context.serverName, command: "FAIL",
                     params: [name, "INVALID_UTF8", "Message rejected, your IRC software MUST use UTF-8 encoding on this network"]))
    }

    /// Sends this session's batch: what it queued for its own client, and the room events it queued for everyone.
    private func flushBeforeWaiting() {
        context.room.send(unsent)
        unsent = OutgoingBatch()
    }

    private func finish(reason: String) {
        flushBeforeWaiting()
        if !member.outbound.overflowed {
            // Left queued: the connection sends what is left once the session has ended.
            var error = IRCLine(command: "ERROR")
            error.trailing("Closing Link: \(member.host) (\(reason))")
            send(error)
        }
        context.room.leave(member, reason: reason, isQuit: true)
    }

    /// How room events are written to this client, from the capabilities it enabled.
    var audience: Audience {
        .irc(serverTime: caps.contains("server-time"), echo: caps.contains("echo-message"),
             messageTags: caps.contains("message-tags"))
    }

    /// Completes registration once NICK and USER are in and capability negotiation is over.
    func registerIfReady() {
        guard !registered, !negotiatingCaps, nick != "*", user != nil else { return }
        if refusesPassword {
            context.log("refused \(member.host): a private room, entered over plain text")
            numeric("464", [ConnectionSecurity.plaintextPasswordAdvice(context)])
            quit("Use TLS to send the room's password")
            return
        }
        if let password = context.configuration.password, !RoomPassword(password).matches(givenPassword ?? "") {
            let failures = context.room.recordPasswordFailure()
            context.log("wrong or missing password from \(member.host) (\(failures) refused so far)")
            flushBeforeWaiting()
            MonotonicClock.sleep(context.configuration.passwordFailureDelay)
            numeric("464", ["Password incorrect"])
            quit("Bad password")
            return
        }
        if context.configuration.password != nil, !context.room.claim(nick, for: member) {
            numeric("433", [nick, "Nickname is already in use"])
            nick = "*"
            return
        }
        registered = true
        let counts = context.room.completeRegistration(
            member, audience: audience)
        let configuration = context.configuration
        numeric("001", ["Welcome to the LetsChat IRC network \(member.source)"])
        numeric("002", ["Your host is \(context.serverName), running version \(context.version)"])
        numeric("003", ["This server was created \(context.startedAt.iso8601)"])
        numeric("004", [context.serverName, context.version, "i", "ntov"])
        numeric("005", [
            "CASEMAPPING=ascii", "CHANTYPES=#", "CHANLIMIT=#:1", "CHANNELLEN=50", "NICKLEN=\(Nickname.maxLength)",
            "TOPICLEN=390", "PREFIX=(ov)@+", "CHANMODES=b,,,nt", "NETWORK=LetsChat",
            "TARGMAX=PRIVMSG:\(IRCSession.maxTargets),NOTICE:\(IRCSession.maxTargets),TAGMSG:\(IRCSession.maxTargets)",
            "UTF8ONLY",
        ] + IRCSession.lineRateTokens(configuration) + ["are supported by this server"])
        lusers(counts: counts)
        sendMOTD()
        if configuration.autoJoin { enterRoom() }
    }

    /// `LINERATE=BURST,RATE` for 005 when flood control is on: a client may send BURST lines at once,
    /// then RATE a second, and is never dropped for flooding (the `letschat` client paces pastes by it).
    static func lineRateTokens(_ configuration: ServerConfiguration) -> [String] {
        let rate = configuration.floodRate
        guard rate > 0 else { return [] }
        let rateText = rate == rate.rounded() && rate < 1e9 ? String(Int(rate)) : String(rate)
        return ["LINERATE=\(configuration.floodBurst),\(rateText)"]
    }

    /// Sends the message of the day, or 422 when there is none.
    func sendMOTD() {
        let motd = context.configuration.motd
        guard !motd.isEmpty else {
            numeric("422", ["MOTD File is missing"])
            return
        }
        numeric("375", ["- \(context.serverName) Message of the day - "])
        for line in motd { numeric("372", ["- \(line)"]) }
        numeric("376", ["End of /MOTD command."])
    }

    /// Enters the room: JOIN echo (from the room), then topic, names and recent history.
    func enterRoom() {
        let userHost = caps.contains("userhost-in-names")
        let context = self.context
        let nick = self.nick
        context.room.enter(member) { snapshot in
            var out: [UInt8] = []
            if let topic = snapshot.topic, !topic.text.isEmpty {
                IRCLine(source: context.serverName, command: "332", params: [nick, context.channel, topic.text]).write(to: &out)
                IRCLine(source: context.serverName, command: "333",
                        params: [nick, context.channel, topic.setBy, String(topic.time.milliseconds / 1000)]).write(to: &out)
            }
            return out + IRCSession.namesReply(context: context, nick: nick, names: snapshot.names, userHost: userHost)
                + snapshot.replay
        }
    }

    /// 353 lines (at most about 400 bytes of names each) and 366 for the room, written straight into
    /// bytes: a crowd arriving at once asks for the whole list once per newcomer, under the room's lock.
    static func namesReply(context: ServerContext, nick: String, names: RoomNames, userHost: Bool) -> [UInt8] {
        var head = IRCLine(source: context.serverName, command: "353")
        head.param(nick)
        head.param("=")
        head.param(context.channel)
        let pieces = names.pieces(userHost: userHost, limit: 400)
        var out: [UInt8] = []
        out.reserveCapacity((userHost ? names.long : names.short).count + pieces.count * (head.bytes.count + 4) + 128)
        for piece in pieces { head.write(to: &out, trailing: piece) }
        IRCLine(source: context.serverName, command: "366", params: [nick, context.channel, "End of /NAMES list"]).write(to: &out)
        return out
    }

    /// Queues one line; it goes out with the rest of the batch before the session next waits.
    func send(_ line: IRCLine) {
        send(bytes: line.wire)
    }

    /// Queues lines already encoded, after the room events this client has not been given yet.
    func send(bytes: [UInt8]) {
        context.room.reply(bytes, to: member)
        unsent.add(member)
    }

    /// Queues a numeric reply addressed to this client; the last parameter is trailing only when it must be.
    func numeric(_ code: String, _ params: [String]) {
        send(IRCLine(source: context.serverName, command: code, params: [nick] + params))
    }

    /// Whether `name` is this server's room (names compare without regard to ASCII case).
    func isRoom(_ name: String) -> Bool {
        Nickname.folded(name) == Nickname.folded(context.channel)
    }

    /// Ends the session after this command with `reason`.
    func quit(_ reason: String) {
        quitReason = reason
    }
}
