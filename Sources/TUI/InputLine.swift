import LetsChatCore

/// The editable input line: text with a cursor, Emacs-style editing commands, a kill buffer and sent-input history.
///
/// A word is a run of non-space characters, for every word command. `older` and `newer` walk the history; the line being typed is kept as a draft and comes back after the newest entry.
/// Edits to a recalled entry are dropped when moving on with `older` or `newer`; history entries never change.
public struct InputLine: Equatable, Sendable {
    /// The characters of the line.
    public private(set) var characters: [Character] = []
    /// The cursor, as an index into `characters` (`characters.count` is after the last one).
    public private(set) var cursor = 0
    /// Sent lines, oldest first.
    public private(set) var history: [String] = []
    /// How many sent lines `history` keeps.
    public let historyLimit: Int
    private var historyIndex: Int?
    private var draft: [Character] = []
    private var killBuffer: [Character] = []

    /// Creates an empty line that remembers up to `historyLimit` sent lines.
    public init(historyLimit: Int = 1000) {
        self.historyLimit = max(0, historyLimit)
    }

    /// The line's text.
    public var text: String { String(characters) }

    /// Whether the line holds nothing.
    public var isEmpty: Bool { characters.isEmpty }

    /// An editing command; `KeyBinding.table` says which keys give which.
    public enum Edit: Equatable, Sendable {
        /// One character left.
        case left
        /// One character right.
        case right
        /// To the start of the line.
        case start
        /// To the end of the line.
        case end
        /// To the start of the word before the cursor.
        case wordBack
        /// To the end of the word after the cursor.
        case wordForward
        /// Delete the character before the cursor.
        case deleteBefore
        /// Delete the character under the cursor.
        case deleteUnder
        /// Cut the word before the cursor.
        case killWordBefore
        /// Cut the word after the cursor.
        case killWordAfter
        /// Cut from the cursor to the end.
        case killToEnd
        /// Cut from the start to the cursor.
        case killToStart
        /// Insert what was cut last.
        case yank
        /// Show the sent line before the one shown.
        case older
        /// Show the sent line after the one shown, or the draft after the newest.
        case newer
    }

    /// Carries out `edit`.
    public mutating func apply(_ edit: Edit) {
        switch edit {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .start: cursor = 0
        case .end: cursor = characters.count
        case .wordBack: cursor = wordStart(before: cursor)
        case .wordForward: cursor = wordEnd(after: cursor)
        case .deleteBefore:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .deleteUnder:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .killWordBefore: kill(wordStart(before: cursor)..<cursor)
        case .killWordAfter: kill(cursor..<wordEnd(after: cursor))
        case .killToEnd: kill(cursor..<characters.count)
        case .killToStart: kill(0..<cursor)
        case .yank:
            characters.insert(contentsOf: killBuffer, at: cursor)
            cursor += killBuffer.count
        case .older: recallOlder()
        case .newer: recallNewer()
        }
    }

    /// Inserts `text` at the cursor; line breaks and tabs become spaces, other control characters are dropped.
    public mutating func insert(_ text: String) {
        var flat = ""
        for character in text { flat.append(character.isNewline || character == "\t" ? " " : character) }
        let clean = Array(TextSanitizer.clean(flat, keepFormatting: false))
        characters.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
    }

    /// Replaces the whole line and puts the cursor at `cursor` (clamped), as completion does.
    public mutating func replace(text: String, cursor: Int) {
        characters = Array(text)
        self.cursor = min(max(0, cursor), characters.count)
    }

    /// Returns the line, adds it to the history (unless empty or the same as the newest entry) and clears it.
    public mutating func submit() -> String {
        let sent = text
        if !sent.allSatisfy(\.isWhitespace) && history.last != sent && historyLimit > 0 {
            history.append(sent)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        characters = []
        cursor = 0
        historyIndex = nil
        draft = []
        return sent
    }

    /// The part of the line to show in `width` columns and the cursor's column within it.
    ///
    /// When the line does not fit, the view jumps by half its width so the cursor stays visible and
    /// the text does not slide under the cursor on every key. A wide character is never split.
    public func view(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        var columns = [0]
        for character in characters { columns.append(columns.last! + LineWrapper.width(of: character)) }
        let cursorColumn = columns[cursor]
        let cursorCell = cursor < characters.count ? max(1, columns[cursor + 1] - cursorColumn) : 1
        let needed = min(cursorCell, width)
        var start = 0
        if cursorColumn + needed > width {
            let step = max(1, width / 2)
            let firstColumn = (cursorColumn + needed - width + step - 1) / step * step
            while start < cursor && columns[start] < firstColumn { start += 1 }
        }
        var shown = ""
        var end = start
        while end < characters.count && columns[end + 1] - columns[start] <= width {
            shown.append(characters[end])
            end += 1
        }
        return (shown, cursorColumn - columns[start])
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killBuffer = Array(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    private func wordStart(before index: Int) -> Int {
        var index = index
        while index > 0 && characters[index - 1] == " " { index -= 1 }
        while index > 0 && characters[index - 1] != " " { index -= 1 }
        return index
    }

    private func wordEnd(after index: Int) -> Int {
        var index = index
        while index < characters.count && characters[index] == " " { index += 1 }
        while index < characters.count && characters[index] != " " { index += 1 }
        return index
    }

    private mutating func recallOlder() {
        guard !history.isEmpty else { return }
        if let index = historyIndex {
            guard index > 0 else { return }
            historyIndex = index - 1
        } else {
            draft = characters
            historyIndex = history.count - 1
        }
        show(Array(history[historyIndex!]))
    }

    private mutating func recallNewer() {
        guard let index = historyIndex else { return }
        if index + 1 < history.count {
            historyIndex = index + 1
            show(Array(history[index + 1]))
        } else {
            historyIndex = nil
            show(draft)
        }
    }

    private mutating func show(_ line: [Character]) {
        characters = line
        cursor = line.count
    }
}
