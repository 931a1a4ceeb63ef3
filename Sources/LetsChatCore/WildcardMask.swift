/// An IRC wildcard mask such as `coolni*` or `b?b`: `*` matches any run of characters, `?` exactly one,
/// and letters compare without regard to ASCII case (`CASEMAPPING=ascii`).
public struct WildcardMask: Sendable {
    /// The mask as given.
    public let pattern: String
    private let folded: [UInt8]

    /// A mask for `pattern`.
    public init(_ pattern: String) {
        self.pattern = pattern
        folded = Array(Nickname.folded(pattern).utf8)
    }

    /// Whether `pattern` holds a wildcard at all (otherwise it names one thing exactly).
    public static func hasWildcards(_ pattern: String) -> Bool {
        pattern.contains("*") || pattern.contains("?")
    }

    /// Whether `text` matches the whole mask.
    public func matches(_ text: String) -> Bool {
        let subject = Array(Nickname.folded(text).utf8)
        // Greedy matching with one backtrack point (the last `*`): linear for masks with one star.
        var (p, s) = (0, 0)
        var star: (pattern: Int, subject: Int)?
        while s < subject.count {
            if p < folded.count && (folded[p] == UInt8(ascii: "?") || folded[p] == subject[s]) {
                p += 1
                s += 1
            } else if p < folded.count && folded[p] == UInt8(ascii: "*") {
                star = (p, s)
                p += 1
            } else if let last = star {
                p = last.pattern + 1
                s = last.subject + 1
                star = (last.pattern, last.subject + 1)
            } else {
                return false
            }
        }
        while p < folded.count && folded[p] == UInt8(ascii: "*") { p += 1 }
        return p == folded.count
    }
}
