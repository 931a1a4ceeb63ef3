/// A domain name as a list of labels, such as `letschat on alice._irc._tcp.local`.
///
/// Labels are kept as text, unescaped: a DNS-SD instance name is one label that may hold spaces and
/// dots. Names compare as DNS does, ignoring ASCII case. A valid name has labels of 1 to 63 bytes
/// and at most 255 bytes on the wire (`isValid`); the parser never yields another.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first; empty for the root.
    public var labels: [String]

    /// A name made of `labels`.
    public init(labels: [String]) {
        self.labels = labels
    }

    /// A name from dotted text (`_irc._tcp.local`); no escapes, so a label cannot hold a dot this way.
    public init(_ dotted: String) {
        labels = dotted.split(separator: ".").map(String.init)
    }

    /// The name with `label` in front (an instance name before its service type, say).
    public func prepending(_ label: String) -> DNSName {
        DNSName(labels: [label] + labels)
    }

    /// The name without its first label; the root stays the root.
    public var parent: DNSName {
        DNSName(labels: Array(labels.dropFirst()))
    }

    /// The first label, or "" for the root.
    public var first: String {
        labels.first ?? ""
    }

    /// Bytes on the wire without compression: each label with its length byte, and the root's 0.
    public var wireLength: Int {
        labels.reduce(1) { $0 + 1 + $1.utf8.count }
    }

    /// Whether every label holds 1 to 63 bytes and the whole name at most 255.
    public var isValid: Bool {
        labels.allSatisfy { (1...63).contains($0.utf8.count) } && wireLength <= 255
    }

    /// The labels in lower case (ASCII only), the form names are compared and compressed by.
    var folded: [String] {
        labels.map { String(decoding: $0.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self) }
    }

    /// The dotted text, as people read it (`alice-laptop.local`); dots inside labels are not escaped.
    public var description: String {
        labels.joined(separator: ".")
    }

    public static func == (left: DNSName, right: DNSName) -> Bool {
        left.folded == right.folded
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(folded)
    }
}
