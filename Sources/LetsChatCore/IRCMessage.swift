/// One IRC protocol line: optional IRCv3 tags, an optional source, a command and its parameters.
///
/// Parsing follows the modern IRC client protocol: tags start with `@`, the source with `:`,
/// parameters are space separated and the last may be a `:` trailing parameter holding spaces.
public struct IRCMessage: Equatable, Sendable {
    /// IRCv3 message tags in the order they appeared; a tag without a value maps to "".
    public var tags: [(key: String, value: String)]
    /// The prefix (`nick!user@host` or a server name), without the leading colon.
    public var source: String?
    /// The command or three-digit numeric, upper-cased as sent.
    public var command: String
    /// The parameters, the trailing one included, with its colon removed.
    public var params: [String]

    /// Creates a message from its parts.
    public init(tags: [(key: String, value: String)] = [], source: String? = nil, command: String, params: [String] = []) {
        self.tags = tags
        self.source = source
        self.command = command
        self.params = params
    }

    public static func == (lhs: IRCMessage, rhs: IRCMessage) -> Bool {
        lhs.source == rhs.source && lhs.command == rhs.command && lhs.params == rhs.params
            && lhs.tags.map(\.key) == rhs.tags.map(\.key) && lhs.tags.map(\.value) == rhs.tags.map(\.value)
    }

    /// The value of tag `key`, if present.
    public func tag(_ key: String) -> String? {
        tags.first { $0.key == key }?.value
    }

    /// The nickname part of the source (`nick` of `nick!user@host`).
    public var sourceNick: String? {
        guard let source else { return nil }
        return String(source.unicodeScalars.prefix { $0 != "!" && $0 != "@" })
    }

    /// Parses one line, without its CR LF.
    ///
    /// - Throws: `ProtocolError.emptyLine` for a blank line, `.missingCommand` when only tags or a source are present.
    public init(parsing line: String) throws(ProtocolError) {
        // Scalars, not Characters: a space followed by a combining mark is one Character but two tokens.
        var rest = Substring(line).unicodeScalars
        func skipSpaces() { rest = rest.drop { $0 == " " } }
        func nextWord() -> Substring {
            let word = rest.prefix { $0 != " " }
            rest = rest[word.endIndex...]
            skipSpaces()
            return Substring(word)
        }
        skipSpaces()
        guard !rest.isEmpty else { throw .emptyLine }
        var tags: [(key: String, value: String)] = []
        if rest.first == "@" {
            let raw = nextWord().unicodeScalars.dropFirst()
            for item in raw.split(separator: ";", omittingEmptySubsequences: true) {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(pair[0])
                // A tag without a name carries nothing and could not be written back.
                if key.isEmpty { continue }
                let value = pair.count > 1 ? IRCMessage.unescapeTagValue(Substring(pair[1])) : ""
                if let index = tags.firstIndex(where: { $0.key == key }) {
                    tags[index].value = value
                } else {
                    tags.append((key, value))
                }
            }
        }
        var source: String?
        if rest.first == ":" {
            source = String(nextWord().unicodeScalars.dropFirst())
        }
        let command = nextWord()
        guard !command.isEmpty else { throw .missingCommand }
        // A command is a word of letters or a three-digit numeric; anything else cannot be written back.
        guard command.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) })
        else { throw .invalidCommand(String(command)) }
        var params: [String] = []
        while !rest.isEmpty {
            if rest.first == ":" {
                params.append(String(Substring(rest.dropFirst())))
                break
            }
            params.append(String(nextWord()))
        }
        self.init(tags: tags, source: source, command: command.uppercased(), params: params)
    }

    /// The wire form of the message, without CR LF, as `IRCLine` writes it.
    ///
    /// The last parameter gets a colon when it is empty, contains a space or starts with a colon,
    /// so that `IRCMessage(parsing: m.serialized)` gives back `m`.
    public var serialized: String {
        IRCLine(self).text
    }

    /// Undoes IRCv3 tag-value escaping (`IRCLine` escapes); an unknown escape gives the character itself and a lone trailing `\` is dropped.
    static func unescapeTagValue(_ value: Substring) -> String {
        var out = ""
        var escaping = false
        for ch in value.unicodeScalars {
            if escaping {
                switch ch {
                case ":": out += ";"
                case "s": out += " "
                case "r": out += "\r"
                case "n": out += "\n"
                default: out.unicodeScalars.append(ch)
                }
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
