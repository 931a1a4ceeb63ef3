import LetsChatCore

/// The nicknames to try, one after another, while the server refuses the one asked for during
/// registration (registration cannot finish without one).
///
/// As irssi does, underscores are appended: `alice_`, `alice__`, ... After an "erroneous nickname"
/// reply (432: too long, or a character the server does not allow) the variants keep within the 9
/// characters every IRC server accepts. After `limit` refusals there is nothing left to try, so a
/// server that refuses everything cannot keep the client answering it forever.
public struct NickFallback: Sendable {
    /// How many alternatives are tried before giving up.
    public static let limit = 8
    /// The nickname that was asked for.
    public let wanted: String
    /// How many refusals came so far.
    public private(set) var refusals = 0
    private var short = false

    /// Starts a fallback for `wanted`.
    public init(wanted: String) {
        self.wanted = wanted
    }

    /// The next nickname after the server answered `code` (`433` in use, `432` erroneous), or nil
    /// when `limit` alternatives were refused.
    public mutating func next(after code: String) -> String? {
        refusals += 1
        guard refusals <= Self.limit else { return nil }
        if code == "432" { short = true }
        let room = (short ? 9 : Nickname.maxLength) - refusals
        let candidate = String(wanted.prefix(room)) + String(repeating: "_", count: refusals)
        return Nickname.isValid(candidate) ? candidate : "guest\(refusals)"
    }
}
