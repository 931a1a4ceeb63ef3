import LetsChatCore

/// A stable colour for each nickname, so a person keeps their colour across lines, runs and machines.
///
/// The index comes from FNV-1a over the case-folded nickname: Swift's `hashValue` is seeded per run
/// and would repaint everyone on every start. Green is left out because it marks the user's own lines.
public enum NickColor: Sendable {
    /// The palette as ncurses colour numbers: red, yellow, blue, magenta, cyan, then their bright forms.
    public static let palette: [Int] = [1, 3, 4, 5, 6, 9, 11, 12, 13, 14]

    /// The colour number ncurses uses for green, reserved for the user's own lines.
    public static let ownColor = 2

    /// The palette index for `nick`; the same for any ASCII case of the nickname.
    public static func index(for nick: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in Nickname.folded(nick).utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % UInt32(palette.count))
    }

    /// The colour number for `index` on a terminal with `availableColors` colours.
    ///
    /// Below 16 colours the bright forms fold to their plain ones, which are still not green.
    public static func terminalColor(index: Int, availableColors: Int) -> Int {
        let color = palette[((index % palette.count) + palette.count) % palette.count]
        return availableColors >= 16 ? color : color % 8
    }
}
