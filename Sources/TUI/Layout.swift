/// Where each part of the screen goes for a terminal size: message pane, sidebar, status bar, typing row
/// and input line.
///
/// From the top: the message pane (with the user list on the right, behind a one-column separator),
/// then the status bar, then (when asked for) the row that says who is typing, then the input line.
/// The sidebar is as wide as the longest nickname plus two, between 12 and 20 columns; it hides itself
/// below 60 columns or when it would leave the message pane under 40. Below `minimumColumns` × `minimumRows` every rectangle is empty and
/// `isTooSmall` is set, so the adapter can say so instead of drawing.
public struct Layout: Equatable, Sendable {
    /// The narrowest terminal the chat is drawn in.
    public static let minimumColumns = 20
    /// The shortest terminal the chat is drawn in.
    public static let minimumRows = 5
    /// The narrowest terminal that may show the sidebar.
    public static let sidebarMinimumColumns = 60
    /// The narrowest the message pane may become to make room for the sidebar.
    public static let paneMinimumColumns = 40

    /// The message pane.
    public let messages: Rect
    /// The one-column line between the message pane and the sidebar; empty when there is no sidebar.
    public let separator: Rect
    /// The user list; empty when hidden.
    public let sidebar: Rect
    /// The status bar (one row).
    public let status: Rect
    /// The row that says who is typing, between the status bar and the input line; empty when not asked for.
    public let typing: Rect
    /// The input line (one row).
    public let input: Rect
    /// Whether the terminal is below the minimum size; then every rectangle is empty.
    public let isTooSmall: Bool

    /// Whether the sidebar is shown.
    public var showsSidebar: Bool { !sidebar.isEmpty }

    /// Lays out a terminal of `columns` × `rows`, with the sidebar if `wantsSidebar` and there is room.
    /// - Parameters:
    ///   - longestNick: the length of the longest nickname in the user list.
    ///   - typingRow: whether to keep a row above the input line for who is typing.
    public init(columns: Int, rows: Int, wantsSidebar: Bool, longestNick: Int, typingRow: Bool = false) {
        guard columns >= Self.minimumColumns, rows >= Self.minimumRows else {
            (messages, separator, sidebar, status, typing, input) = (.zero, .zero, .zero, .zero, .zero, .zero)
            isTooSmall = true
            return
        }
        isTooSmall = false
        let bottomRows = typingRow ? 3 : 2
        let paneHeight = rows - bottomRows
        let sidebarWidth = Self.sidebarWidth(longestNick: longestNick)
        let paneWidth = columns - sidebarWidth - 1
        if wantsSidebar && columns >= Self.sidebarMinimumColumns && paneWidth >= Self.paneMinimumColumns {
            messages = Rect(x: 0, y: 0, width: paneWidth, height: paneHeight)
            separator = Rect(x: paneWidth, y: 0, width: 1, height: paneHeight)
            sidebar = Rect(x: paneWidth + 1, y: 0, width: sidebarWidth, height: paneHeight)
        } else {
            messages = Rect(x: 0, y: 0, width: columns, height: paneHeight)
            separator = .zero
            sidebar = .zero
        }
        status = Rect(x: 0, y: rows - bottomRows, width: columns, height: 1)
        typing = typingRow ? Rect(x: 0, y: rows - 2, width: columns, height: 1) : .zero
        input = Rect(x: 0, y: rows - 1, width: columns, height: 1)
    }

    /// The sidebar's width for a longest nickname of `longestNick` characters: that plus two, within 12...20.
    public static func sidebarWidth(longestNick: Int) -> Int {
        min(max(longestNick + 2, 12), 20)
    }
}
