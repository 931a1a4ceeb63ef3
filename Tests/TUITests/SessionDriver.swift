import LetsChatCore
@testable import TUI

/// Drives a `ChatSession` as the event loop does, at a fixed wall clock and monotonic clock,
/// and reads the screen it would draw on a 100 × 30 terminal in UTC. Shared by the `ChatSession` test files.
struct SessionDriver {
    var session: ChatSession
    var now = Timestamp(iso8601: "2026-11-26T20:00:00.000Z")!
    var clock = 100.0

    init(nick: String? = "alice") {
        session = ChatSession(channel: "#letschat", serverLabel: "127.0.0.1:55556", nick: nick,
                              suggestedNick: "guest")
        session.columns = 100
        session.rows = 30
    }

    mutating func network(_ event: NetworkEvent) -> [ChatSession.Effect] {
        session.apply(event, now: now, clock: clock)
    }

    mutating func receive(_ line: String) throws -> [ChatSession.Effect] {
        network(.received(try IRCMessage(parsing: line)))
    }

    /// Connects, registers as alice (the server granting `capabilities`, if any) and joins a room holding `others` too.
    mutating func join(with others: [String] = ["bob"], granting capabilities: String? = nil) throws {
        _ = network(.connected)
        if let capabilities { _ = try receive(":srv CAP * ACK :\(capabilities)") }
        _ = try receive(":srv 001 alice :Welcome")
        _ = try receive(":alice!alice@127.0.0.1 JOIN #letschat")
        _ = try receive(":srv 353 alice = #letschat :" + (others + ["alice"]).joined(separator: " "))
        _ = try receive(":srv 366 alice #letschat :End of /NAMES list")
    }

    mutating func press(_ keys: Key...) -> [ChatSession.Effect] {
        keys.flatMap { session.apply($0, now: now, clock: clock) }
    }

    /// Types `text` into the input line and presses Enter.
    mutating func type(_ text: String) -> [ChatSession.Effect] {
        text.flatMap { session.apply(.character($0), now: now, clock: clock) } + press(.enter)
    }

    var frame: Frame { session.frame(utcOffsetSeconds: 0, clock: clock) }

    var screen: [String] { frame.text(columns: 100, rows: 30) }

    var statusBar: String { screen[session.currentLayout.status.y] }

    var inputLine: String { screen[29] }

    /// The row between the status bar and the input line that says who is typing (when the layout has one).
    var typingRow: String { screen[28] }

    /// The message pane's rows (left of the sidebar when it is shown), without trailing spaces.
    var pane: [String] {
        let pane = session.currentLayout.messages
        return screen[0..<pane.height].map { row in
            var text = String(row.prefix(pane.width))
            while text.last == " " { text.removeLast() }
            return text
        }.filter { !$0.isEmpty }
    }

    func sends(_ effects: [ChatSession.Effect]) -> [String] {
        effects.compactMap { if case .send(let line) = $0 { line } else { nil } }
    }

    /// The `+typing` notices among `effects`.
    func typingNotices(_ effects: [ChatSession.Effect]) -> [String] {
        effects.compactMap { if case .sendTyping(let line) = $0 { line } else { nil } }
    }

    /// Types `text` into the input line without pressing Enter.
    mutating func typeWithoutSending(_ text: String) -> [ChatSession.Effect] {
        text.flatMap { session.apply(.character($0), now: now, clock: clock) }
    }
}
