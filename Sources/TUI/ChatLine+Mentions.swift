import LetsChatCore

extension ChatLine {
    /// Whether `text` names `nick` as a whole word, ignoring ASCII case (`alice:` and `@Alice` do, `malice` does not).
    public static func mentions(_ text: String, nick: String) -> Bool {
        let needle = Array(Nickname.folded(nick).utf8)
        let haystack = Array(Nickname.folded(text).utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            let end = start + needle.count
            guard haystack[start..<end].elementsEqual(needle) else { continue }
            let before = start == 0 ? nil : haystack[start - 1]
            let after = end == haystack.count ? nil : haystack[end]
            if !isNickByte(before) && !isNickByte(after) { return true }
        }
        return false
    }

    private static func isNickByte(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        let isDigit = byte >= 0x30 && byte <= 0x39
        return isLetter || isDigit || "[]\\`_^{|}-".utf8.contains(byte)
    }
}
