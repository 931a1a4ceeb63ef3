import LetsChatCore

/// One screen row as styled pieces of text: the terminal adapter prints the segments left to right.
///
/// A row is never wider than the width it was made for; the adapter need not clip it.
public struct DisplayRow: Equatable, Sendable {
    /// The pieces of the row, in order.
    public var segments: [(text: String, style: Style)]

    /// Creates a row from its pieces.
    public init(_ segments: [(text: String, style: Style)] = []) {
        self.segments = segments
    }

    /// Creates a row holding one piece of text in one style.
    public init(_ text: String, style: Style) {
        self.init([(text, style)])
    }

    /// The row's text without styles.
    public var text: String {
        segments.map(\.text).joined()
    }

    /// Columns the row takes on screen.
    public var width: Int {
        DisplayWidth.of(text)
    }

    /// Rows are equal when their pieces have the same texts and styles in the same order.
    public static func == (lhs: DisplayRow, rhs: DisplayRow) -> Bool {
        lhs.segments.count == rhs.segments.count
            && zip(lhs.segments, rhs.segments).allSatisfy { $0.text == $1.text && $0.style == $1.style }
    }
}
