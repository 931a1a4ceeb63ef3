/// The client-only tags (`+name`, `+vendor/name`) a client attached to a line, kept as the IRCv3
/// message-tags specification says a server relays them.
///
/// Only client-only tags with a well-formed key are kept: a tag without the `+` carries meaning only
/// the server may vouch for, so it is dropped, and a malformed key is dropped rather than the message
/// rejected (the spec forbids rejecting a message over a tag name). The size rule applies to the raw
/// tag section as sent, client-only tags and others alike: more than `maxClientTagDataBytes` bytes
/// rejects the whole line with `ERR_INPUTTOOLONG` (417), never a truncation.
public struct ClientTags: Equatable, Sendable {
    /// One tag: its key (with the `+`) and its unescaped value ("" for a tag without a value).
    public struct Tag: Equatable, Sendable {
        /// The key, `+` included, such as `+typing` or `+example.com/foo`.
        public var key: String
        /// The value as the client meant it, escapes undone.
        public var value: String

        /// Creates a tag.
        public init(key: String, value: String = "") {
            self.key = key
            self.value = value
        }
    }

    /// Why a client's line is refused before anything in it is carried out.
    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        /// The tag section held `bytes` bytes, more than `maxClientTagDataBytes`.
        case tagDataTooLong(bytes: Int)

        /// The numeric the server answers with.
        public var numeric: String { "417" }

        /// The numeric's text, as the spec words it.
        public var description: String { "Input line was too long" }
    }

    /// The most tag data a client may send, in bytes between the `@` and the space that ends the tags.
    public static let maxClientTagDataBytes = 4094
    /// The most bytes a tag section may take on the wire, `@` and the final space included: the server's
    /// tags (at most 4094 bytes), a `;` and the client's (at most 4094) fit exactly.
    public static let maxTagSectionBytes = 8191
    /// The commands whose client-only tags are relayed; `TAGMSG` goes only to clients with `message-tags`.
    public static let relayedCommands: Set<String> = ["PRIVMSG", "NOTICE", "TAGMSG"]

    /// The tags to relay, in the order the client sent them, each key once (the last value wins).
    public private(set) var tags: [Tag]

    /// Creates a set of tags to relay; tags that could not be relayed are left out.
    public init(_ tags: [Tag]) {
        self.tags = []
        for tag in tags where ClientTags.isRelayable(key: tag.key, value: tag.value) {
            if let index = self.tags.firstIndex(where: { $0.key == tag.key }) {
                self.tags[index].value = tag.value
            } else {
                self.tags.append(tag)
            }
        }
    }

    /// The relayable tags of a parsed message (its other tags are dropped).
    public init(of message: IRCMessage) {
        self.init(message.tags.map { Tag(key: $0.key, value: $0.value) })
    }

    /// Checks the size of `line`'s tag section, then keeps its relayable tags.
    ///
    /// - Throws: `Rejection.tagDataTooLong` when the tag data is over `maxClientTagDataBytes`.
    public init(checking line: String, parsed message: IRCMessage) throws(Rejection) {
        try ClientTags.checkSize(of: line)
        self.init(of: message)
    }

    /// Whether there is nothing to relay.
    public var isEmpty: Bool { tags.isEmpty }

    /// The value of tag `key`, if present.
    public func value(of key: String) -> String? {
        tags.first { $0.key == key }?.value
    }

    /// The tag data of `line` as the client sent it, in bytes: what lies between the leading `@` and the
    /// first space (the rest of the line when there is no space); 0 for a line without tags.
    public static func tagDataBytes(of line: String) -> Int {
        let bytes = line.utf8
        guard bytes.first == UInt8(ascii: "@") else { return 0 }
        let data = bytes.dropFirst()
        return data.prefix { $0 != UInt8(ascii: " ") }.count
    }

    /// Throws when `line` carries more tag data than a client may send.
    public static func checkSize(of line: String) throws(Rejection) {
        let count = tagDataBytes(of: line)
        if count > maxClientTagDataBytes { throw .tagDataTooLong(bytes: count) }
    }

    /// Whether `key` names a client-only tag: `+`, an optional vendor (a host name) and `/`, then a name
    /// of ASCII letters, digits and hyphens.
    public static func isClientOnlyKey(_ key: String) -> Bool {
        var scalars = Substring(key).unicodeScalars
        guard scalars.first == "+" else { return false }
        scalars = scalars.dropFirst()
        let slash = scalars.firstIndex(of: "/")
        let name = slash.map { scalars[scalars.index(after: $0)...] } ?? scalars
        if let slash, !isVendor(scalars[..<slash]) { return false }
        return !name.isEmpty && name.allSatisfy { isLetterOrDigit($0) || $0 == "-" }
    }

    /// The tags of a relayed line, for `IRCLine(tags:)`: `serverTags` first (so that they can never be
    /// pushed past the limit), then these tags. Pass `includeClientTags: false` for a recipient that did
    /// not negotiate `message-tags`.
    public func lineTags(serverTags: [Tag] = [], includeClientTags: Bool = true) -> [(key: String, value: String)] {
        (serverTags + (includeClientTags ? tags : [])).map { ($0.key, $0.value) }
    }

    private static func isRelayable(key: String, value: String) -> Bool {
        // NUL has no escape and may not appear in a tag value on the wire.
        isClientOnlyKey(key) && !value.unicodeScalars.contains("\0")
    }

    private static func isVendor(_ host: Substring.UnicodeScalarView) -> Bool {
        // A DNS name, punycode for anything beyond ASCII: labels of letters, digits and hyphens.
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !host.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { isLetterOrDigit($0) || $0 == "-" }
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
