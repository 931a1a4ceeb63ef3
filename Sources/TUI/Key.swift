/// One keypress (or terminal event) as the plain UI state sees it, decoded by the terminal adapter.
///
/// Letters in `ctrl` and `alt` are lower case: Ctrl-A arrives as `.ctrl("a")`, Alt-B as `.alt("b")`.
public enum Key: Equatable, Sendable {
    /// A printable character to insert.
    case character(Character)
    /// Enter or Return.
    case enter
    /// Backspace: delete the character before the cursor.
    case backspace
    /// Delete: delete the character under the cursor.
    case delete
    /// Left arrow.
    case left
    /// Right arrow.
    case right
    /// Up arrow.
    case up
    /// Down arrow.
    case down
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Tab.
    case tab
    /// Escape pressed alone (not the start of an Alt combination).
    case escape
    /// Control with a letter `a`–`z`.
    case ctrl(Character)
    /// Alt (Meta, or Escape then the key) with a character.
    case alt(Character)
    /// A function key, F1 to F12.
    case function(Int)
    /// The terminal changed size.
    case resize
    /// The start of a bracketed paste.
    case pasteStart
    /// The end of a bracketed paste.
    case pasteEnd
    /// The mouse wheel turned up (away from the user).
    case mouseWheelUp
    /// The mouse wheel turned down (towards the user).
    case mouseWheelDown
    /// A key the UI does not know.
    case unknown
}
