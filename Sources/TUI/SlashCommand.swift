/// The client's slash-commands as one table, and the parser that turns a typed line into an action.
///
/// `//text` sends the message `/text`; a `/` followed by a space (or alone) is sent as typed. Typing
/// `exit` alone quits. Command names ignore case. Unknown commands are answered locally and never sent.
public enum SlashCommand: Sendable {
    /// A command the user asked for, with its arguments.
    public enum Command: Equatable, Sendable {
        /// Leave the chat, with an optional reason.
        case quit(reason: String?)
        /// Change nickname.
        case nick(String)
        /// Send an action (`/me waves`).
        case me(String)
        /// Send a private message.
        case msg(nick: String, text: String)
        /// List who is in the room.
        case who
        /// Show the topic, or set it when text is given.
        case topic(String?)
        /// Clear the message pane.
        case clear
        /// Show the command list.
        case help
        /// List the emoji whose short name matches a word.
        case emoji(String)
        /// Switch typing notices `on` or `off` (the word as typed; anything else is a usage error).
        case typing(String)
    }

    /// What a typed line means.
    public enum ParsedInput: Equatable, Sendable {
        /// Text to send to the room as a message.
        case message(String)
        /// A command to carry out.
        case command(Command)
        /// A known command with missing or extra arguments; the text is the usage line to show.
        case usageError(String)
        /// A command nobody knows, as typed (`/frobnicate`).
        case unknown(String)
        /// Nothing but spaces.
        case empty
    }

    /// What a command takes after its name.
    public enum Arguments: Sendable {
        /// Nothing.
        case none
        /// One word.
        case word
        /// The rest of the line, possibly empty.
        case optionalText
        /// The rest of the line, not empty.
        case text
        /// One word, then the rest of the line (not empty).
        case wordAndText
    }

    /// One row of the command table.
    public struct Spec: Sendable {
        /// The name without the slash.
        public let name: String
        /// The argument placeholders shown in usage and help, such as `NICK TEXT`.
        public let placeholders: String
        /// One sentence saying what the command does.
        public let summary: String
        /// What the command takes.
        public let arguments: Arguments
        /// Builds the command from its arguments (zero, one or two strings, as `arguments` says).
        let make: @Sendable ([String]) -> Command

        /// `/name PLACEHOLDERS`, as shown in usage errors and help.
        public var usage: String {
            placeholders.isEmpty ? "/\(name)" : "/\(name) \(placeholders)"
        }
    }

    /// Every command, in the order help lists them.
    public static let table: [Spec] = [
        Spec(name: "quit", placeholders: "[REASON]", summary: "Leave the chat (typing exit alone does the same).",
             arguments: .optionalText) { .quit(reason: $0.first) },
        Spec(name: "nick", placeholders: "NEW", summary: "Change your nickname.", arguments: .word) { .nick($0[0]) },
        Spec(name: "me", placeholders: "ACTION", summary: "Describe what you are doing.",
             arguments: .text) { .me($0[0]) },
        Spec(name: "msg", placeholders: "NICK TEXT", summary: "Send a private message to NICK.",
             arguments: .wordAndText) { .msg(nick: $0[0], text: $0[1]) },
        Spec(name: "who", placeholders: "", summary: "List who is in the room.", arguments: .none) { _ in .who },
        Spec(name: "topic", placeholders: "[TEXT]", summary: "Show the topic, or set it to TEXT.",
             arguments: .optionalText) { .topic($0.first) },
        Spec(name: "clear", placeholders: "", summary: "Clear the message pane.", arguments: .none) { _ in .clear },
        Spec(name: "help", placeholders: "", summary: "Show this list of commands.", arguments: .none) { _ in .help },
        Spec(name: "emoji", placeholders: "WORD", summary: "List the emoji whose short name matches WORD.",
             arguments: .word) { .emoji($0[0]) },
        Spec(name: "typing", placeholders: "on|off", summary: "Let the room see when you type, or stop it.",
             arguments: .word) { .typing($0[0]) },
    ]

    /// The command names with their slash, for completion.
    public static var names: [String] {
        table.map { "/\($0.name)" }
    }

    /// One line per command: usage, padded to a column, then the summary.
    public static var helpLines: [String] {
        let column = table.map(\.usage.count).max() ?? 0
        return table.map { $0.usage + String(repeating: " ", count: column - $0.usage.count + 2) + $0.summary }
    }

    /// Works out what `input` asks for.
    public static func parse(_ input: String) -> ParsedInput {
        if input.allSatisfy(\.isWhitespace) { return .empty }
        if trim(input[...]) == "exit" { return .command(.quit(reason: nil)) }
        guard input.hasPrefix("/") else { return .message(input) }
        if input.hasPrefix("//") { return .message(String(input.dropFirst())) }
        let body = input.dropFirst()
        guard let first = body.first, first != " " else { return .message(input) }
        let name = body.prefix(while: { $0 != " " })
        guard let spec = table.first(where: { $0.name == name.lowercased() }) else { return .unknown("/\(name)") }
        let rest = trim(body.dropFirst(name.count))
        guard let arguments = split(rest, as: spec.arguments) else { return .usageError("Usage: \(spec.usage)") }
        return .command(spec.make(arguments))
    }

    private static func split(_ rest: Substring, as shape: Arguments) -> [String]? {
        let word = rest.prefix(while: { $0 != " " })
        let afterWord = trim(rest.dropFirst(word.count))
        switch shape {
        case .none: return rest.isEmpty ? [] : nil
        case .word: return !word.isEmpty && afterWord.isEmpty ? [String(word)] : nil
        case .optionalText: return rest.isEmpty ? [] : [String(rest)]
        case .text: return rest.isEmpty ? nil : [String(rest)]
        case .wordAndText: return word.isEmpty || afterWord.isEmpty ? nil : [String(word), String(afterWord)]
        }
    }

    private static func trim(_ text: Substring) -> Substring {
        var start = text.startIndex
        var end = text.endIndex
        while start < end && text[start] == " " { start = text.index(after: start) }
        while end > start && text[text.index(before: end)] == " " { end = text.index(before: end) }
        return text[start..<end]
    }
}
