/// One row of the client's key table: which keys do what.
///
/// `KeyBinding.table` is the only place that says what a key does: `ChatSession` looks keys up in
/// it, `/help` is printed from it, and a test checks that the README's key table and the man page's
/// KEYS section list exactly its rows, with the same key names.
public struct KeyBinding: Sendable {
    /// What a bound key does.
    public enum Action: Equatable, Sendable {
        /// Scroll the message pane back by a page less one row.
        case pageUp
        /// Scroll the message pane forward by a page less one row.
        case pageDown
        /// Go to the oldest line.
        case oldest
        /// Go to the newest line and follow new ones again.
        case newest
        /// Scroll back three rows (a wheel notch).
        case wheelUp
        /// Scroll forward three rows.
        case wheelDown
        /// Show or hide the user list.
        case toggleUserList
        /// Repaint the screen.
        case redraw
        /// Complete the word before the cursor.
        case complete
        /// Send the line, or a waiting paste.
        case submit
        /// Stop what waits (a multi-line paste not yet sent, lines being paced out); otherwise nothing.
        case cancel
        /// Stop what waits, as `cancel`; otherwise edit the input line.
        case cancelOr(InputLine.Edit)
        /// Edit the input line.
        case edit(InputLine.Edit)
        /// Quit.
        case quit
        /// Quit when the input line is empty; otherwise edit it.
        case quitOr(InputLine.Edit)
    }

    /// The keys, as the terminal adapter decodes them.
    public let keys: [Key]
    /// The keys' names as the documentation writes them (`PgUp`, `Ctrl-A`, `Alt-<`).
    public let names: [String]
    /// What they do.
    public let action: Action
    /// One sentence saying what they do, for `/help`.
    public let summary: String

    /// Every binding, in the order `/help`, the README and the man page list them.
    public static let table: [KeyBinding] = [
        KeyBinding([.pageUp], ["PgUp"], .pageUp, "scroll the message pane back by a page"),
        KeyBinding([.pageDown], ["PgDn"], .pageDown, "scroll forward by a page"),
        KeyBinding([.home, .alt("<")], ["Home", "Alt-<"], .oldest, "go to the oldest line"),
        KeyBinding([.end, .alt(">")], ["End", "Alt->"], .newest, "go to the newest line and follow new ones again"),
        KeyBinding([.mouseWheelUp], ["Wheel up"], .wheelUp, "scroll back three rows (with --mouse)"),
        KeyBinding([.mouseWheelDown], ["Wheel down"], .wheelDown, "scroll forward three rows (with --mouse)"),
        KeyBinding([.function(2)], ["F2"], .toggleUserList, "show or hide the user list"),
        KeyBinding([.ctrl("l")], ["Ctrl-L"], .redraw, "redraw the screen"),
        KeyBinding([.left, .ctrl("b")], ["Left", "Ctrl-B"], .edit(.left), "move one character left"),
        KeyBinding([.right, .ctrl("f")], ["Right", "Ctrl-F"], .edit(.right), "move one character right"),
        KeyBinding([.ctrl("a")], ["Ctrl-A"], .edit(.start), "go to the start of the input line"),
        KeyBinding([.ctrl("e")], ["Ctrl-E"], .edit(.end), "go to the end of the input line"),
        KeyBinding([.alt("b")], ["Alt-B"], .edit(.wordBack), "move one word back (a word is a run of non-spaces)"),
        KeyBinding([.alt("f")], ["Alt-F"], .edit(.wordForward), "move one word forward"),
        KeyBinding([.backspace, .ctrl("h")], ["Backspace", "Ctrl-H"], .edit(.deleteBefore),
                   "delete the character before the cursor"),
        KeyBinding([.delete], ["Delete"], .edit(.deleteUnder), "delete the character under the cursor"),
        KeyBinding([.ctrl("d")], ["Ctrl-D"], .quitOr(.deleteUnder),
                   "delete the character under the cursor; on an empty line, quit"),
        KeyBinding([.ctrl("w")], ["Ctrl-W"], .edit(.killWordBefore), "cut the word before the cursor"),
        KeyBinding([.alt("d")], ["Alt-D"], .edit(.killWordAfter), "cut the word after the cursor"),
        KeyBinding([.ctrl("k")], ["Ctrl-K"], .edit(.killToEnd), "cut from the cursor to the end of the line"),
        KeyBinding([.ctrl("u")], ["Ctrl-U"], .cancelOr(.killToStart),
                   "discard a waiting paste or stop sending one; otherwise cut from the start of the line to the cursor"),
        KeyBinding([.escape], ["Esc"], .cancel, "discard a waiting paste or stop sending one"),
        KeyBinding([.ctrl("y")], ["Ctrl-Y"], .edit(.yank), "paste what was cut last"),
        KeyBinding([.up, .ctrl("p")], ["Up", "Ctrl-P"], .edit(.older), "the line sent before (the last 1000 are kept)"),
        KeyBinding([.down, .ctrl("n")], ["Down", "Ctrl-N"], .edit(.newer),
                   "the line sent after; after the newest, what you were typing"),
        KeyBinding([.tab], ["Tab"], .complete, "complete a command, a nickname or an emoji (:thu); again for the next match"),
        KeyBinding([.enter], ["Enter"], .submit, "send the line (or a waiting paste)"),
        KeyBinding([.ctrl("c")], ["Ctrl-C"], .quit, "quit"),
    ]

    /// What `key` does, or nil when it is not bound (typed characters, paste brackets, resizes).
    public static func action(for key: Key) -> Action? {
        return table.first { $0.keys.contains(key) }?.action
    }

    /// One line per binding for `/help`: the names, padded to a column, then the summary.
    public static var helpLines: [String] {
        let labels = table.map { $0.names.joined(separator: ", ") }
        let column = labels.map(\.count).max() ?? 0
        return zip(labels, table).map { label, binding in
            label + String(repeating: " ", count: column - label.count + 2) + binding.summary
        }
    }

    private init(_ keys: [Key], _ names: [String], _ action: Action, _ summary: String) {
        self.keys = keys
        self.names = names
        self.action = action
        self.summary = summary
    }
}
