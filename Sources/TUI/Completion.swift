import LetsChatCore

/// Tab completion of the word before the cursor, cycling through candidates on repeated Tab.
///
/// A word starting with `/` at the start of the line completes command names (`/quit `); any other
/// word completes nicknames, as `nick: ` at the start of the line and `nick ` elsewhere. Matching
/// is a case-insensitive prefix match, in the order given (most recent speaker first). A word starting
/// with `:` completes emoji short names into the emoji itself (`:thu` → `👍 `, then `👎 `), in the order of
/// `EmojiTable.matches`; a closed name (`:thumbs_up:`) offers just that emoji. Pressing Tab
/// again on the line that completion produced moves to the next candidate, wrapping around; any
/// other change to the line starts afresh.
public struct Completion: Equatable, Sendable {
    private struct Session: Equatable {
        /// The line before the word being completed.
        var before: [Character]
        /// The line from the cursor on.
        var after: [Character]
        /// The completed forms of the word, cycled through in order.
        var candidates: [String]
        /// Which candidate is on the line now.
        var index: Int
        /// The line as completion left it; Tab on any other line starts afresh.
        var produced: [Character]
        /// Where completion left the cursor.
        var producedCursor: Int
    }

    private var session: Session?

    /// Creates an idle completion state.
    public init() {}

    /// Whether a Tab now would move to the next candidate rather than start a new completion.
    public var isCycling: Bool { session != nil }

    /// Forgets the current cycle; the next Tab starts a new completion.
    public mutating func reset() {
        session = nil
    }

    /// Completes (or cycles) the word before the cursor of `input`; false when nothing matches.
    public mutating func complete(_ input: inout InputLine, nicks: [String], commands: [String]) -> Bool {
        if var current = session, current.produced == input.characters, current.producedCursor == input.cursor {
            current.index = (current.index + 1) % current.candidates.count
            Self.fill(&input, with: &current)
            session = current
            return true
        }
        session = nil
        let characters = input.characters
        var wordStart = input.cursor
        while wordStart > 0 && characters[wordStart - 1] != " " { wordStart -= 1 }
        let word = String(characters[wordStart..<input.cursor])
        guard !word.isEmpty else { return false }
        let candidates = Self.candidates(for: word, atLineStart: wordStart == 0, nicks: nicks, commands: commands)
        guard !candidates.isEmpty else { return false }
        var started = Session(before: Array(characters[..<wordStart]), after: Array(characters[input.cursor...]),
                              candidates: candidates, index: 0, produced: [], producedCursor: 0)
        Self.fill(&input, with: &started)
        session = started
        return true
    }

    /// The completed forms of `word`, best first.
    static func candidates(for word: String, atLineStart: Bool, nicks: [String], commands: [String]) -> [String] {
        if atLineStart && word.hasPrefix("/") {
            let prefix = word.dropFirst().lowercased()
            return unique(commands.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
                .filter { $0.lowercased().hasPrefix(prefix) }
                .map { "/\($0) " }
        }
        if word.hasPrefix(":") { return emojiCandidates(for: word.dropFirst()) }
        let prefix = Nickname.folded(word)
        let suffix = atLineStart ? ": " : " "
        return unique(nicks).filter { Nickname.folded($0).hasPrefix(prefix) }.map { $0 + suffix }
    }

    private static func emojiCandidates(for name: Substring) -> [String] {
        let closed = name.count > 1 && name.hasSuffix(":")
        let typed = (closed ? name.dropLast() : name).lowercased()
        // Smileys such as `:-)` are not the start of a name.
        guard !typed.isEmpty, typed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return []
        }
        if closed { return EmojiTable.emoji(named: typed).map { [$0 + " "] } ?? [] }
        return EmojiTable.matches(typed).map { $0.emoji + " " }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert(Nickname.folded($0)).inserted }
    }

    private static func fill(_ input: inout InputLine, with current: inout Session) {
        var candidate = Array(current.candidates[current.index])
        // Do not double the space when the cursor already sits before one.
        if current.after.first == " " && candidate.last == " " { candidate.removeLast() }
        input.replace(text: String(current.before + candidate + current.after),
                      cursor: current.before.count + candidate.count)
        current.produced = input.characters
        current.producedCursor = input.cursor
    }
}
