import LetsChatCore

/// Breaks text into screen rows by display width, as the terminal will draw it.
///
/// Works on grapheme clusters, so a combining mark stays with its base and a wide character is never
/// split. Rows break after the last space that fits; a word longer than a row is broken hard. A
/// character wider than the whole row (a CJK character at width 1) is shown as `?`, so no row is
/// ever wider than `width`. A line feed starts a new row.
public enum LineWrapper: Sendable {
    /// Columns `character` takes: the sum over its scalars, as ncurses counts.
    public static func width(of character: Character) -> Int {
        var total = 0
        for scalar in character.unicodeScalars { total += DisplayWidth.of(scalar) }
        return total
    }

    /// The rows of `text` at `width` columns (at least 1); empty text gives one empty row.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        let cells = cells(Array(text), width: width)
        return rowRanges(cells, width: width).map { range in
            String(cells[range].map(\.character))
        }
    }

    /// `text` cut to at most `width` columns, ending in `…` when something was cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        guard DisplayWidth.of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let columns = self.width(of: character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…"
    }

    /// Characters paired with their widths, with any character wider than `width` replaced by `?`.
    static func cells(_ characters: [Character], width: Int) -> [(character: Character, width: Int)] {
        characters.map { character in
            let columns = self.width(of: character)
            return columns > width ? ("?", 1) : (character, columns)
        }
    }

    /// The ranges of `cells` that form each row; spaces at a break are dropped, line feeds end a row.
    static func rowRanges(_ cells: [(character: Character, width: Int)], width: Int) -> [Range<Int>] {
        var rows: [Range<Int>] = []
        var start = 0
        var used = 0
        var lastSpace: Int?
        var index = 0
        while index < cells.count {
            let (character, columns) = cells[index]
            if character.isNewline {
                rows.append(start..<index)
                index += 1
                (start, used, lastSpace) = (index, 0, nil)
            } else if used + columns <= width {
                if character == " " { lastSpace = index }
                used += columns
                index += 1
            } else if character == " " {
                rows.append(start..<index)
                while index < cells.count && cells[index].character == " " { index += 1 }
                (start, used, lastSpace) = (index, 0, nil)
            } else if let space = lastSpace, space > start {
                rows.append(start..<space)
                start = space + 1
                used = cells[start..<index].reduce(0) { $0 + $1.width }
                lastSpace = nil
            } else if index > start {
                rows.append(start..<index)
                (start, used, lastSpace) = (index, 0, nil)
            } else {
                // Only cells not made by `cells(_:width:)` can hold a character wider than the row.
                index += 1
                rows.append(start..<index)
                (start, used, lastSpace) = (index, 0, nil)
            }
        }
        rows.append(start..<cells.count)
        return rows
    }
}
