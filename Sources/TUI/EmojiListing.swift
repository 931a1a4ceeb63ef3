import LetsChatCore

/// What `/emoji WORD` shows in the message pane: the matching emoji with their short names.
enum EmojiListing {
    /// At most this many matches are listed, so that a short word does not flood the pane.
    static let limit = 20

    /// A heading, then one `emoji  :name:` line per match in `EmojiTable.matches` order, the names in one
    /// column whatever the emoji's width; a last line says how many more there are.
    static func lines(for word: String) -> [String] {
        let matches = EmojiTable.matches(word)
        guard !matches.isEmpty else { return ["No emoji name matches \"\(word)\"."] }
        var lines = ["Emoji matching \"\(word)\" (type :name: or :\(word) and Tab):"]
        for entry in matches.prefix(limit) {
            let padding = String(repeating: " ", count: max(0, 2 - DisplayWidth.of(entry.emoji)))
            lines.append("  \(entry.emoji)\(padding)  :\(entry.name):")
        }
        if matches.count > limit {
            lines.append("  … and \(matches.count - limit) more; a longer word narrows the list.")
        }
        return lines
    }
}
