// Drawing only reads the scrollback, so it lives apart from the scrolling that changes it.
extension Scrollback {
    /// The rows of a `width` × `height` pane, top first: `height` rows, or fewer when there is less text.
    public func rows(width: Int, height: Int, utcOffsetSeconds: Int) -> [DisplayRow] {
        guard width > 0, height > 0, count > 0 else { return [] }
        func render(_ line: Int) -> [DisplayRow] {
            let rows = self.line(line).rows(width: width, utcOffsetSeconds: utcOffsetSeconds)
            return line == markerLine ? [Self.unreadMarker(width: width)] + rows : rows
        }
        let (bottomLine, anchoredRow) = viewBottom
        let bottomRows = render(bottomLine)
        let bottomRow = min(anchoredRow ?? bottomRows.count - 1, bottomRows.count - 1)
        var chunks = [Array(bottomRows[...bottomRow])]
        var total = bottomRow + 1
        var upper = bottomLine
        while total < height && upper > firstLine {
            upper -= 1
            chunks.append(render(upper))
            total += chunks.last!.count
        }
        var result = Array(chunks.reversed().joined().suffix(height))
        // Only after a resize can the view sit too close to the top; fill it from below.
        var below = Array(bottomRows[(bottomRow + 1)...])[...]
        var lower = bottomLine
        while result.count < height {
            if let row = below.popFirst() {
                result.append(row)
            } else if lower < lastLine {
                lower += 1
                below = render(lower)[...]
            } else {
                break
            }
        }
        return result
    }

    /// The row drawn before the first line that arrived while scrolled back.
    public static func unreadMarker(width: Int) -> DisplayRow {
        let label = "──── new messages "
        let fill = String(repeating: "─", count: max(0, width - label.count))
        return DisplayRow(String((label + fill).prefix(max(0, width))), style: .info)
    }
}
