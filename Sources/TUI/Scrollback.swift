/// The message pane's lines and where the user has scrolled to.
///
/// Holds up to `capacity` lines, dropping the oldest. The view follows the newest line until the
/// user scrolls back; then it stays on the same rows while new lines arrive below, `unreadCount`
/// counts them, and an unread marker row is drawn before the first of them. Reaching the bottom
/// again sets `unreadCount` to 0 but leaves the marker, so the eye finds where the new lines
/// began; `clearUnreadMarker()` removes it (the event loop calls it when the user sends a line),
/// and the first line to arrive during the next scroll-back moves it.
///
/// Scrolling is measured in display rows at the pane's width. Row counts are cached per line for
/// the width last scrolled at and thrown away when the width changes, and only lines that scrolling
/// passes over are wrapped, so paging through 100 000 lines stays quick. The scroll position is kept
/// as the line and row at the bottom of the view, so a resize keeps the same text in view.
public struct Scrollback: Sendable {
    private struct Position: Comparable {
        /// A line's number.
        var line: Int
        /// A display row within that line, 0 first.
        var row: Int

        static func < (lhs: Position, rhs: Position) -> Bool {
            (lhs.line, lhs.row) < (rhs.line, rhs.row)
        }
    }

    /// The most lines kept.
    public let capacity: Int
    /// Lines that arrived since the user scrolled back; 0 once the view is at the bottom.
    public private(set) var unreadCount = 0
    // Lines are numbered from the first ever added; storage[i] is line dropped + i, and the live
    // lines start at storage[start], so dropping the oldest is cheap until the storage is compacted.
    private var storage: [ChatLine] = []
    private var rowCounts: [Int] = []
    private var start = 0
    private var dropped = 0
    private var countedWidth = 0
    private var anchor: Position?
    /// The line the unread marker row is drawn above; nil when there is no marker.
    private(set) var markerLine: Int?

    /// Creates an empty scrollback keeping up to `capacity` lines.
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    /// The lines, oldest first.
    public var lines: ArraySlice<ChatLine> { storage[start...] }
    /// How many lines are held.
    public var count: Int { storage.count - start }
    /// Whether the user has scrolled away from the newest line.
    public var isScrolledBack: Bool { anchor != nil }
    /// Whether the unread marker row is shown.
    public var hasUnreadMarker: Bool { markerLine != nil }

    /// The number of the oldest line held (lines are numbered from the first ever added).
    var firstLine: Int { dropped + start }
    /// The number of the newest line held.
    var lastLine: Int { dropped + storage.count - 1 }
    /// The line at the bottom of the view, and its row there (nil when following: its last row).
    var viewBottom: (line: Int, row: Int?) { (max(anchor?.line ?? lastLine, firstLine), anchor?.row) }

    /// The line numbered `number`, which must be between `firstLine` and `lastLine`.
    func line(_ number: Int) -> ChatLine { storage[number - dropped] }

    /// Adds a line at the bottom, dropping the oldest beyond `capacity`.
    public mutating func append(_ line: ChatLine) {
        storage.append(line)
        rowCounts.append(0)
        if anchor != nil {
            if unreadCount == 0 { moveMarker(to: lastLine) }
            unreadCount += 1
        }
        if count > capacity { dropOldest(count - capacity) }
    }

    /// Removes every line and returns to the bottom.
    public mutating func clear() {
        storage = []
        rowCounts = []
        (start, dropped, anchor, markerLine, unreadCount) = (0, 0, nil, nil, 0)
    }

    /// Removes the unread marker row.
    public mutating func clearUnreadMarker() {
        moveMarker(to: nil)
    }

    /// Scrolls back by `rows` display rows, stopping with the oldest line at the top of a `height`-row pane.
    public mutating func lineUp(_ rows: Int = 1, width: Int, height: Int) {
        guard count > 0, rows > 0 else { return }
        prepare(width: width)
        settle(moveUp(anchor ?? bottom, by: rows), height: height)
    }

    /// Scrolls forward by `rows` display rows, following new lines again on reaching the bottom.
    public mutating func lineDown(_ rows: Int = 1, width: Int, height: Int) {
        guard let current = anchor, rows > 0 else { return }
        prepare(width: width)
        settle(moveDown(current, by: rows), height: height)
    }

    /// Scrolls back by a pane less one row, so one row of context stays in view.
    public mutating func pageUp(width: Int, height: Int) {
        lineUp(max(1, height - 1), width: width, height: height)
    }

    /// Scrolls forward by a pane less one row.
    public mutating func pageDown(width: Int, height: Int) {
        lineDown(max(1, height - 1), width: width, height: height)
    }

    /// Shows the oldest line at the top of the pane.
    public mutating func scrollToTop(width: Int, height: Int) {
        guard count > 0 else { return }
        prepare(width: width)
        settle(Position(line: firstLine, row: 0), height: height)
    }

    /// Follows the newest line again.
    public mutating func scrollToBottom() {
        anchor = nil
        unreadCount = 0
    }

    private var bottom: Position {
        mutating get { Position(line: lastLine, row: rowsIn(lastLine) - 1) }
    }

    private mutating func rowsIn(_ line: Int) -> Int {
        let index = line - dropped
        if rowCounts[index] == 0 { rowCounts[index] = storage[index].rowCount(width: countedWidth) }
        return rowCounts[index] + (line == markerLine ? 1 : 0)
    }

    private mutating func prepare(width: Int) {
        let width = max(1, width)
        if width != countedWidth {
            countedWidth = width
            rowCounts = Array(repeating: 0, count: storage.count)
        }
        if let current = anchor {
            let line = max(current.line, firstLine)
            anchor = Position(line: line, row: min(line == current.line ? current.row : 0, rowsIn(line) - 1))
        }
    }

    private mutating func settle(_ position: Position, height: Int) {
        let top = moveDown(Position(line: firstLine, row: 0), by: max(0, height - 1))
        let position = max(position, top)
        if position >= bottom {
            scrollToBottom()
        } else {
            anchor = position
        }
    }

    private mutating func moveUp(_ position: Position, by rows: Int) -> Position {
        var position = position
        var rows = rows
        while rows > position.row {
            rows -= position.row + 1
            guard position.line > firstLine else { return Position(line: firstLine, row: 0) }
            position.line -= 1
            position.row = rowsIn(position.line) - 1
        }
        position.row -= rows
        return position
    }

    private mutating func moveDown(_ position: Position, by rows: Int) -> Position {
        var position = position
        var rows = rows
        while position.row + rows > rowsIn(position.line) - 1 {
            let last = rowsIn(position.line) - 1
            guard position.line < lastLine else { return Position(line: position.line, row: last) }
            rows -= last - position.row + 1
            position = Position(line: position.line + 1, row: 0)
        }
        position.row += rows
        return position
    }

    private mutating func moveMarker(to line: Int?) {
        if let current = anchor, current.line == markerLine, current.row > 0 {
            anchor = Position(line: current.line, row: current.row - 1)
        }
        markerLine = line
    }

    private mutating func dropOldest(_ excess: Int) {
        start += excess
        if let marker = markerLine, marker < firstLine { markerLine = nil }
        if let current = anchor, current.line < firstLine { anchor = Position(line: firstLine, row: 0) }
        // Compacting only after half the capacity has been dropped keeps appends amortised O(1).
        if start >= max(1, capacity / 2) {
            storage.removeFirst(start)
            rowCounts.removeFirst(start)
            dropped += start
            start = 0
        }
    }
}
