import LetsChatCore

/// The editable input line: text with a cursor, Emacs-style editing keys, a kill buffer and sent-input history.
///
/// A word is a run of non-space characters, for every word key (Alt-B/F, Ctrl-W, Alt-D). Up and Down
/// walk the history; the line being typed is kept as a draft and comes back after the newest entry.
/// Edits to a recalled entry are dropped when moving on with Up or Down; history entries never change.
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

    /// Applies an editing key; false for keys the line does not handle (Enter, Tab, PgUp, Ctrl-D on an empty line...).
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(String(character))
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .alt("b"): cursor = wordStart(before: cursor)
        case .alt("f"): cursor = wordEnd(after: cursor)
        case .backspace, .ctrl("h"):
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .ctrl("d") where characters.isEmpty: return false
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .ctrl("w"): kill(wordStart(before: cursor)..<cursor)
        case .alt("d"): kill(cursor..<wordEnd(after: cursor))
        case .ctrl("k"): kill(cursor..<characters.count)
        case .ctrl("u"): kill(0..<cursor)
        case .ctrl("y"):
            characters.insert(contentsOf: killBuffer, at: cursor)
            cursor += killBuffer.count
        case .up, .ctrl("p"): recallOlder()
        case .down, .ctrl("n"): recallNewer()
        default: return false
        }
        return true
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
