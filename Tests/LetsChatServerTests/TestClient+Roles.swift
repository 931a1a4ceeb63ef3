import LetsChatCore

/// The three kinds of client that share the server's port, as tests play them.
extension TestClient {
    /// Connects as an IRC client and registers as `nick`, negotiating `server-time` unless told not
    /// to, and `echo-message`, `message-tags` and labeled responses (`batch`, `labeled-response`) if asked.
    ///
    /// Returns once the automatic join's NAMES list has ended (the client is in the room).
    static func irc(port: UInt16, nick: String, serverTime: Bool = true, echo: Bool = false,
                    messageTags: Bool = false, labeled: Bool = false) throws -> TestClient {
        let client = try TestClient(port: port, label: nick)
        let caps = (serverTime ? ["server-time"] : []) + (echo ? ["echo-message"] : [])
            + (messageTags ? ["message-tags"] : []) + (labeled ? ["batch", "labeled-response"] : [])
        if !caps.isEmpty {
            try client.irc("CAP LS 302")
            try client.irc("CAP REQ :\(caps.joined(separator: " "))")
        }
        try client.irc("NICK \(nick)")
        try client.irc("USER \(nick) 0 * :\(nick) the tester")
        if !caps.isEmpty { try client.irc("CAP END") }
        try client.expectIRC("366 (end of NAMES)") { $0.command == "366" }
        return client
    }

    /// Connects like `nc`: answers the `NICK` prompt with a line, then talks in lines.
    ///
    /// Returns once the welcome line has arrived (the client is in the room).
    static func lineClient(port: UInt16, nick: String) throws -> TestClient {
        let client = try TestClient(port: port, label: nick)
        try client.expectPrompt("NICK")
        try client.send("\(nick)\n")
        try client.expect(containing: "-- Welcome to")
        return client
    }

    /// Connects like the original LetsChat Python client: answers the `NICK` prompt with the bare
    /// nickname and no newline. Returns once the welcome line has arrived.
    static func originalClient(port: UInt16, nick: String) throws -> TestClient {
        let client = try TestClient(port: port, label: nick)
        try client.expectPrompt("NICK")
        try client.send(nick)
        try client.expect(containing: "-- Welcome to")
        return client
    }

    /// Sends a message the way the original client does: one write, `nick: ` first, no terminator.
    ///
    /// The server can only tell such messages apart by the reads they arrive in, so two of them
    /// written back to back may be read as one. Before the next write, a test must therefore wait
    /// until another client has seen this one: that proves the server read it on its own, without
    /// guessing how long a pause is enough on a busy machine.
    func sayAsOriginalClient(_ text: String) throws {
        try send("\(label): \(text)")
    }

    /// Sends one IRC line; CR LF is added.
    func irc(_ line: String) throws {
        try send(line + "\r\n")
    }

    /// Reads until an IRC line satisfying `predicate` arrives and returns it parsed.
    @discardableResult
    func expectIRC(_ what: String, within timeout: Double = defaultTimeout,
                   where predicate: (IRCMessage) -> Bool) throws -> IRCMessage {
        let line = try expect(what, within: timeout) { line in
            (try? IRCMessage(parsing: line)).map(predicate) ?? false
        }
        return try IRCMessage(parsing: line)
    }

    /// Reads until the numeric `code` arrives and returns it.
    @discardableResult
    func expectNumeric(_ code: String, within timeout: Double = defaultTimeout) throws -> IRCMessage {
        try expectIRC("numeric \(code)", within: timeout) { $0.command == code }
    }

    /// Sends `PING :token` and returns every line received until the matching PONG, PONG included.
    ///
    /// The server answers in order, so everything it queued for this client before reading the
    /// PING has arrived by then: a way to check that something was *not* sent without sleeping.
    func linesUntilPong(_ token: String = "sync") throws -> [String] {
        try irc("PING :\(token)")
        return try collect(until: "PONG \(token)") { line in
            guard let message = try? IRCMessage(parsing: line) else { return false }
            return message.command == "PONG" && message.params.last == token
        }
    }

    /// Sends `/who` and returns every line received until its answer, the answer included (text clients).
    func linesUntilWho() throws -> [String] {
        try send("/who\n")
        return try collect(until: "the /who answer") { $0.hasPrefix("-- Online now") }
    }
}
