/// One IRC line written straight into bytes: the one way LetsChat writes a line for the wire.
///
///     var line = IRCLine(source: "irc.local", command: "NOTICE")
///     line.param("#letschat")
///     line.trailing("Hello there")
///     line.wire  // ":irc.local NOTICE #letschat :Hello there\r\n"
///
/// Whatever the caller passes, the line stays one line that parses back to the parameters given:
/// CR, LF and NUL are never written (they are dropped; in a tag value CR and LF are escaped), and a
/// middle parameter that could not be read back as one (empty, holding a space, or starting with
/// `:`) is written as `*`, as ergo does with parameters taken from a client. Only the last parameter
/// may be trailing; nothing is added after it.
public struct IRCLine: Sendable {
    /// The line so far, without CR LF.
    public private(set) var bytes: [UInt8] = []
    // Set by the trailing parameter, after which nothing more belongs to the line.
    private var finished = false

    /// Starts a line with IRCv3 `tags` (values escaped), an optional `source` and `command`.
    public init(tags: [(key: String, value: String)] = [], source: String? = nil, command: String) {
        bytes.reserveCapacity(64)
        if !tags.isEmpty {
            bytes.append(UInt8(ascii: "@"))
            for (index, tag) in tags.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ";")) }
                appendWord(tag.key)
                if !tag.value.isEmpty {
                    bytes.append(UInt8(ascii: "="))
                    appendTagValue(tag.value)
                }
            }
            bytes.append(UInt8(ascii: " "))
        }
        if let source {
            bytes.append(UInt8(ascii: ":"))
            appendWord(source)
            bytes.append(UInt8(ascii: " "))
        }
        appendWord(command)
    }

    /// A line with `params`, the last one trailing only when it must be (see `params(_:)`).
    public init(tags: [(key: String, value: String)] = [], source: String? = nil, command: String, params: [String]) {
        self.init(tags: tags, source: source, command: command)
        self.params(params)
    }

    /// A line with the middle parameters `params` and then `trailing` behind a colon, as a client
    /// writes a message: `IRCLine(command: "PRIVMSG", params: ["#letschat"], trailing: "hi").text` is
    /// `PRIVMSG #letschat :hi`.
    public init(tags: [(key: String, value: String)] = [], source: String? = nil, command: String, params: [String],
                trailing: String) {
        self.init(tags: tags, source: source, command: command)
        for value in params { param(value) }
        self.trailing(trailing)
    }

    /// The wire form of `message` (its last parameter trailing only when it must be).
    public init(_ message: IRCMessage) {
        self.init(tags: message.tags, source: message.source, command: message.command, params: message.params)
    }

    /// Adds a middle parameter; one that cannot be a middle parameter is written as `*`.
    public mutating func param(_ value: String) {
        assert(!finished, "a parameter after the trailing one")
        bytes.append(UInt8(ascii: " "))
        if IRCLine.canBeMiddle(value) {
            bytes.append(contentsOf: value.utf8)
        } else {
            bytes.append(UInt8(ascii: "*"))
        }
    }

    /// Adds the last parameter behind a colon, so it may hold spaces or be empty.
    public mutating func trailing(_ value: String) {
        beginTrailing()
        IRCLine.appendText(value.utf8, to: &bytes)
    }

    /// Adds `values` as parameters, the last behind a colon only when it must be (empty, holding a
    /// space or starting with `:`), as `IRCMessage` has them.
    public mutating func params(_ values: [String]) {
        guard let last = values.last else { return }
        for value in values.dropLast() { param(value) }
        if IRCLine.canBeMiddle(last) { param(last) } else { trailing(last) }
    }

    /// The line with CR LF.
    public var wire: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2)
        write(to: &out)
        return out
    }

    /// The line as text, without CR LF.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the line and CR LF to `out`.
    public func write(to out: inout [UInt8]) {
        out.append(contentsOf: bytes)
        out.append(13)
        out.append(10)
    }

    /// Appends the line with `value` as its trailing parameter, and CR LF, to `out`; the line itself
    /// is unchanged, so one beginning serves many lines (NAMES cut into pieces, say).
    public func write(to out: inout [UInt8], trailing value: ArraySlice<UInt8>) {
        assert(!finished, "a second trailing parameter")
        out.append(contentsOf: bytes)
        out.append(UInt8(ascii: " "))
        out.append(UInt8(ascii: ":"))
        IRCLine.appendText(value, to: &out)
        out.append(13)
        out.append(10)
    }

    /// One tag as a tag section writes it, `key=escaped-value` (or `key` alone), for adding a tag to a
    /// line already written (a labeled response).
    public static func tag(_ key: String, _ value: String) -> [UInt8] {
        // `@key=value ` without the `@` and the space.
        Array(IRCLine(tags: [(key, value)], command: "").bytes.dropFirst().dropLast())
    }

    /// Whether `value` can be written as a middle parameter and read back unchanged.
    public static func canBeMiddle(_ value: String) -> Bool {
        guard let first = value.utf8.first, first != UInt8(ascii: ":") else { return false }
        return !value.utf8.contains { $0 == UInt8(ascii: " ") || isLineBreaking($0) }
    }

    private mutating func beginTrailing() {
        assert(!finished, "a second trailing parameter")
        finished = true
        bytes.append(UInt8(ascii: " "))
        bytes.append(UInt8(ascii: ":"))
    }

    // Tag keys, the source and the command: a space there would start the next part of the line.
    private mutating func appendWord(_ word: String) {
        bytes.append(contentsOf: word.utf8.lazy.filter { $0 != UInt8(ascii: " ") && !IRCLine.isLineBreaking($0) })
    }

    // Appends first and looks afterwards: clean text, nearly all of it, is copied in one go.
    private static func appendText(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        let start = out.endIndex
        out.append(contentsOf: text)
        guard out[start...].contains(where: isLineBreaking) else { return }
        let kept = out[start...].filter { !isLineBreaking($0) }
        out.replaceSubrange(start..., with: kept)
    }

    // IRCv3 escaping: `;`, space, `\`, CR and LF become `\:`, `\s`, `\\`, `\r` and `\n`; NUL is dropped.
    private mutating func appendTagValue(_ value: String) {
        for byte in value.utf8 {
            let escaped: UInt8
            switch byte {
            case UInt8(ascii: ";"): escaped = UInt8(ascii: ":")
            case UInt8(ascii: " "): escaped = UInt8(ascii: "s")
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case 13: escaped = UInt8(ascii: "r")
            case 10: escaped = UInt8(ascii: "n")
            case 0: continue
            default:
                bytes.append(byte)
                continue
            }
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(escaped)
        }
    }

    // The bytes that would end or cut a line: CR, LF and NUL.
    private static func isLineBreaking(_ byte: UInt8) -> Bool {
        byte == 13 || byte == 10 || byte == 0
    }
}
