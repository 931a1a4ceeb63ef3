import LetsChatCore

/// Cuts a long message into pieces that each fit in one IRC line, so that it reaches everyone
/// whole instead of being refused by the server (417) after it was already shown as sent.
public enum MessageSplitter {
    /// The most text bytes a PRIVMSG from `nick` to `target` may carry, so that the line still fits
    /// in 512 bytes when the server relays it with its `:nick!~user@host` prefix (host up to 63 bytes).
    public static func budget(nick: String, target: String) -> Int {
        let relay = IRCLine(source: "\(nick)!~\(nick)@", command: "PRIVMSG", params: [target], trailing: "")
        let relayed = relay.wire.count + 63
        return max(32, 512 - relayed)
    }

    /// `text` in pieces of at most `maxBytes` UTF-8 bytes, each broken at the last space that fits
    /// (the space is dropped), or else between two characters; a character is never split.
    public static func split(_ text: String, maxBytes: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.utf8.count > maxBytes {
            var end = rest.startIndex
            var used = 0
            var lastSpace: String.Index?
            for index in rest.indices {
                let bytes = rest[index].utf8.count
                guard used + bytes <= maxBytes else { break }
                if rest[index] == " " { lastSpace = index }
                used += bytes
                end = rest.index(after: index)
            }
            if let space = lastSpace, space > rest.startIndex {
                pieces.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                // A character larger than the budget on its own still has to go somewhere.
                if end == rest.startIndex { end = rest.index(after: end) }
                pieces.append(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}
