/// Nickname rules shared by the server and the client.
///
/// A nickname is 1 to `maxLength` ASCII characters: a letter or one of `[]\`_^{|}` first, then
/// letters, digits, those specials and `-`. Comparison ignores ASCII case (`CASEMAPPING=ascii`).
public enum Nickname {
    /// The longest nickname accepted (advertised as `NICKLEN`).
    public static let maxLength = 30

    private static func isSpecial(_ byte: UInt8) -> Bool {
        "[]\\`_^{|}".utf8.contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether `nick` may be used as a nickname.
    public static func isValid(_ nick: String) -> Bool {
        let bytes = Array(nick.utf8)
        guard let first = bytes.first, bytes.count <= maxLength else { return false }
        guard isLetter(first) || isSpecial(first) else { return false }
        return bytes.dropFirst().allSatisfy { isLetter($0) || isSpecial($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// The form used to compare nicknames: ASCII lower case.
    public static func folded(_ nick: String) -> String {
        String(decoding: nick.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// The form that decides whether two nicknames would pass for each other: ASCII case folded and
    /// look-alikes merged (`0`/`o`, `1`/`l`/`i`/`|`, `rn`/`m`, `vv`/`w`), so `bill`, `Bi11` and `BILL`
    /// cannot belong to three different people.
    public static func skeleton(_ nick: String) -> String {
        var out: [UInt8] = []
        for byte in folded(nick).utf8 {
            switch byte {
            case UInt8(ascii: "0"): out.append(UInt8(ascii: "o"))
            case UInt8(ascii: "1"), UInt8(ascii: "i"), UInt8(ascii: "|"): out.append(UInt8(ascii: "l"))
            case UInt8(ascii: "n") where out.last == UInt8(ascii: "r"): out[out.count - 1] = UInt8(ascii: "m")
            case UInt8(ascii: "v") where out.last == UInt8(ascii: "v"): out[out.count - 1] = UInt8(ascii: "w")
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Turns free text (a login name, a typed answer) into a valid nickname, or nil if nothing usable is left.
    public static func suggestion(from text: String) -> String? {
        var bytes = Array(text.utf8.filter { isLetter($0) || isSpecial($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        while let first = bytes.first, !(isLetter(first) || isSpecial(first)) { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        return String(decoding: bytes.prefix(maxLength), as: UTF8.self)
    }
}
