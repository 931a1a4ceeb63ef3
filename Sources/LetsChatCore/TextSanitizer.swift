/// Makes text from the network safe to store and to show on someone else's terminal.
///
/// Removed: every C0 control except IRC formatting codes (bold, colour, reset, reverse, italic,
/// strikethrough, underline), DEL, C1 controls, whole ESC/CSI/OSC sequences and bidirectional
/// overrides and isolates. Tabs become spaces. Invalid UTF-8 has already become U+FFFD when the
/// bytes were decoded with `decode(_:)`.
public enum TextSanitizer {
    /// IRC formatting codes that may pass: bold, colour, hex colour, reset, reverse, italic, strike, underline, monospace.
    static let formattingCodes: Set<UInt32> = [0x02, 0x03, 0x04, 0x0F, 0x16, 0x1D, 0x1E, 0x1F, 0x11]

    /// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD.
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Returns `text` without anything that could move the cursor, change the terminal or reorder text.
    /// - Parameter keepFormatting: keep IRC formatting codes (the server relays them; the client strips them).
    public static func clean(_ text: String, keepFormatting: Bool = true) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            let value = scalar.value
            if value == 0x1B {
                skipEscapeSequence(&iterator)
            } else if value == 0x09 {
                scalars.append(" ")
            } else if value < 0x20 {
                if keepFormatting && formattingCodes.contains(value) { scalars.append(scalar) }
            } else if value == 0x7F || (0x80...0x9F).contains(value) {
                continue
            } else if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) {
                continue
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The longest prefix of `text` that fits in `limit` UTF-8 bytes without splitting a character.
    public static func truncated(_ text: String, toUTF8Bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].utf8.count
            if used + size > limit { break }
            used += size
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    /// Removes IRC formatting codes and colour numbers, for display as plain text.
    public static func stripFormatting(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var input = Array(text.unicodeScalars)[...]
        while let scalar = input.popFirst() {
            switch scalar.value {
            case 0x03:
                input = dropColourDigits(input)
            case 0x04:
                input = dropHexColour(input)
            case let value where formattingCodes.contains(value) || value == 0x01:
                continue
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func dropColourDigits(_ input: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var rest = input
        func digits() -> Int {
            var count = 0
            while count < 2, let first = rest.first, ("0"..."9").contains(first) {
                rest = rest.dropFirst()
                count += 1
            }
            return count
        }
        // A background colour only follows a foreground one: "\u{03},5" is plain text after a reset.
        if digits() > 0, rest.first == ",", rest.count > 1, ("0"..."9").contains(rest[rest.startIndex + 1]) {
            rest = rest.dropFirst()
            _ = digits()
        }
        return rest
    }

    private static func dropHexColour(_ input: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let isHex: (Unicode.Scalar) -> Bool = { $0.properties.isASCIIHexDigit }
        var rest = input
        if rest.prefix(6).count == 6 && rest.prefix(6).allSatisfy(isHex) {
            rest = rest.dropFirst(6)
            if rest.first == ",", rest.dropFirst().prefix(6).count == 6, rest.dropFirst().prefix(6).allSatisfy(isHex) {
                rest = rest.dropFirst(7)
            }
        }
        return rest
    }

    private static func skipEscapeSequence(_ iterator: inout String.UnicodeScalarView.Iterator) {
        guard let introducer = iterator.next() else { return }
        switch introducer {
        case "[":
            // CSI: parameters and intermediates up to a final byte in @...~.
            while let scalar = iterator.next(), !(0x40...0x7E).contains(scalar.value) {}
        case "]", "P", "_", "^", "X":
            // OSC, DCS, APC, PM, SOS: up to BEL or ESC \.
            while let scalar = iterator.next() {
                if scalar.value == 0x07 { return }
                if scalar.value == 0x1B {
                    _ = iterator.next()
                    return
                }
            }
        default:
            // Two-byte escape (ESC c, ESC 7, ...): the introducer is consumed.
            return
        }
    }
}
