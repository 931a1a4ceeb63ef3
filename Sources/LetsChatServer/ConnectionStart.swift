import LetsChatCore

/// How a new connection began, which tells what kind of client it is (Resources/doc/wire.md,
/// "Connection start").
///
/// IRC clients speak first, and their first line is a command with parameters (`CAP LS 302`,
/// `PASS x`, `NICK alice`, `USER ...`). The original client and an `nc` typed into wait for the
/// `NICK` prompt. An `nc` fed from a pipe speaks first too, but its first line is the nickname it
/// wants (`bob`), followed by its messages.
enum ConnectionStart: Equatable {
    /// An IRC client; `buffered` holds everything read so far, its first line included.
    case irc(buffered: [UInt8])
    /// A text client that sent its `nickname` line before any prompt (piped `nc`), then `buffered`.
    case textWithNickname([UInt8], buffered: [UInt8])
    /// A client that stayed silent: the original client or a line client waiting for the prompt.
    case silent

    /// Commands only IRC software sends first that the server itself does not handle: gateways
    /// (`WEBIRC`), links and services (`SERVER`, `SERVICE`). Such a client is still IRC, and is
    /// answered as one.
    static let otherIRCStarts: Set<String> = ["WEBIRC", "SERVER", "SERVICE"]

    /// Waits up to `detectMilliseconds` for the client to speak; if it does, reads its first line
    /// (for at most `lineMilliseconds`) and decides by it.
    static func detect(on transport: any Transport, detectMilliseconds: Int32, lineMilliseconds: Int32) -> ConnectionStart {
        guard transport.waitReadable(milliseconds: detectMilliseconds) else { return .silent }
        var reader = LineReader(transport: transport, maxLineBytes: IRCSession.maxLineBytes)
        switch reader.next(milliseconds: lineMilliseconds) {
        case .line(let line):
            let rest = reader.takePending()
            return isIRC(firstLine: line) ? .irc(buffered: line + [10] + rest) : .textWithNickname(line, buffered: rest)
        case .tooLong, .timeout, .closed:
            // No complete first line: nothing a text client would send. The IRC session answers or
            // times out what there is, as it would any unregistered client.
            return .irc(buffered: reader.takePending())
        }
    }

    /// Whether `line`, a connection's first, comes from an IRC client: it has tags or a source, or
    /// it is an IRC command (any case) followed by parameters. A bare word (`bob`, even `nick`) is a
    /// nickname; no IRC client sends a command without parameters first.
    ///
    /// A line no person types is not taken for a nickname either, so that its sender's next lines
    /// are never posted to the room: binary (a TLS ClientHello, which may well hold a LF) or an HTTP
    /// request. Such a connection is left to the IRC session, which answers it as an unregistered
    /// client, as before piped clients were told apart.
    static func isIRC(firstLine line: [UInt8]) -> Bool {
        guard let first = line.first else { return false }
        if first == UInt8(ascii: "@") || first == UInt8(ascii: ":") { return true }
        if line.contains(where: { ($0 < 0x20 && $0 != UInt8(ascii: "\t")) || $0 == 0x7F })
            || String(validating: line, as: UTF8.self) == nil
            || isHTTPRequest(line) { return true }
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), space > 0,
              line[(space + 1)...].contains(where: { $0 != UInt8(ascii: " ") }) else { return false }
        let command = String(decoding: line[..<space], as: UTF8.self).uppercased()
        return IRCCommands.table[command] != nil || otherIRCStarts.contains(command)
    }

    /// Whether `line` is an HTTP request line (`GET / HTTP/1.1`): a browser or a scanner, not a person.
    private static func isHTTPRequest(_ line: [UInt8]) -> Bool {
        let text = String(decoding: line, as: UTF8.self)
        return text.hasSuffix(" HTTP/1.0") || text.hasSuffix(" HTTP/1.1")
    }
}
