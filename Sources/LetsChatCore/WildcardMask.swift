/// An IRC mask with `*` (any run of characters) and `?` (any one character), compared without
/// regard to ASCII case, as WHO uses.
public struct WildcardMask: Sendable {
    private let pattern: [UInt8]

    /// Creates a mask from its text.
    public init(_ mask: String) {
        pattern = Array(Nickname.folded(mask).utf8)
    }

    /// Whether `mask` contains a wildcard at all.
    public static func hasWildcards(_ mask: String) -> Bool {
        mask.contains("*") || mask.contains("?")
    }

    /// Whether `text` matches the whole mask.
    public func matches(_ text: String) -> Bool {
        let subject = Array(Nickname.folded(text).utf8)
        var p = 0, s = 0
        var star: Int?, resume = 0
        // Greedy match with one backtrack point: linear in practice, no recursion.
        while s < subject.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || pattern[p] == subject[s]) {
                p += 1
                s += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = p
                p += 1
                resume = s
            } else if let position = star {
                p = position + 1
                resume += 1
                s = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
