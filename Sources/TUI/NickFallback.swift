import LetsChatCore

/// The nicknames to try, one after another, while the server refuses the one asked for during
/// registration (registration cannot finish without one).
///
/// As irssi does, a name in use (433) gets underscores appended: `alice_`, `alice__`, ... A name
/// refused as erroneous (432) that is longer than the 9 characters every IRC server accepts is taken
/// to be too long for this server (ngIRCd allows 9) and is cut to 9, keeping room for the
/// underscores; a short one refused as erroneous is replaced by `guest`. After `limit` refusals
/// there is nothing left to try, so a server that refuses everything cannot keep the client
/// answering it forever.
public struct NickFallback: Sendable {
    /// How many alternatives are tried before giving up.
    public static let limit = 8
    /// The nickname length every server allows (RFC 2812).
    public static let portableLength = 9
    /// The nickname that was asked for.
    public let wanted: String
    /// How many refusals came so far.
    public private(set) var refusals = 0
    private var current: String
    private var base: String
    private var maxLength = Nickname.maxLength
    private var underscores = 0

    /// Starts a fallback for `wanted`.
    public init(wanted: String) {
        self.wanted = wanted
        current = wanted
        base = wanted
    }

    /// The next nickname after the server answered `code` (`433` in use, `432` erroneous), or nil
    /// when `limit` alternatives were refused or nothing different is left to try.
    public mutating func next(after code: String) -> String? {
        refusals += 1
        guard refusals <= Self.limit else { return nil }
        if code == "432" {
            if current.count > Self.portableLength {
                maxLength = Self.portableLength
            } else {
                base = "guest"
            }
        } else {
            underscores += 1
        }
        let candidate = String(base.prefix(max(1, maxLength - underscores))) + String(repeating: "_", count: underscores)
        guard Nickname.isValid(candidate), candidate != current else { return nil }
        current = candidate
        return candidate
    }
}
