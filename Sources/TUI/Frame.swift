/// One screen's worth of drawing: positioned rows, separators and where the cursor goes.
///
/// Made by `ChatSession.frame` from plain state; the terminal adapter only prints it.
public struct Frame: Equatable, Sendable {
    /// A row of text at a position; `fill` (if any) paints the rest of `width` columns.
    public struct Placed: Equatable, Sendable {
        /// Where the row starts (column, row) and how many columns it spans.
        public var x: Int, y: Int, width: Int
        /// The styled text to print.
        public var row: DisplayRow
        /// The style that paints all `width` columns before the text goes on; nil paints nothing.
        public var fill: Style?
    }

    /// The rows to print.
    public var rows: [Placed] = []
    /// A vertical separator line: column, top row and height.
    public var separator: Rect?
    /// Where the cursor ends up (column, row).
    public var cursor: (x: Int, y: Int) = (0, 0)

    public static func == (lhs: Frame, rhs: Frame) -> Bool {
        lhs.rows == rhs.rows && lhs.separator == rhs.separator && lhs.cursor == rhs.cursor
    }

    /// The frame's text, row by row, without styles: what a screen capture would show.
    public func text(columns: Int, rows count: Int) -> [String] {
        var screen = [String](repeating: "", count: count)
        for placed in rows.sorted(by: { ($0.y, $0.x) < ($1.y, $1.x) }) where placed.y < count {
            let current = screen[placed.y]
            let pad = max(0, placed.x - current.count)
            screen[placed.y] = current + String(repeating: " ", count: pad) + placed.row.text
        }
        return screen
    }

    /// A full screen of text: each paragraph wrapped to `columns` less a margin of one on each
    /// side, from the second row down, cut at the bottom; for screens that stand alone (the trust prompt).
    public static func page(_ paragraphs: [(text: String, style: Style)], columns: Int, rows: Int) -> Frame {
        var frame = Frame()
        var y = 1
        let width = max(1, columns - 2)
        for paragraph in paragraphs {
            for line in LineWrapper.wrap(paragraph.text, width: width) where y < rows {
                let row = DisplayRow(line, style: paragraph.style)
                frame.rows.append(.init(x: 1, y: y, width: width, row: row, fill: nil))
                y += 1
            }
        }
        frame.cursor = (0, max(0, rows - 1))
        return frame
    }
}
