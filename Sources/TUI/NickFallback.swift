import LetsChatCore

/// The nicknames the client tries when the server refuses one before registration.
///
/// A name in use (433) becomes `name_`, `name__`, ... as irssi does. A name refused as erroneous
/// (432) that is longer than RFC 2812's 9 characters is taken to be too long for this server (ngIRCd
/// allows 9 by default) and is cut to 9, keeping room for the underscores; a short name refused as
/// erroneous is replaced by `guest`. After `maxAttempts` refusals it gives up instead of looping.
public struct NickFallback: Sendable {
    /// The nickname length every server allows (RFC 2812).
    public static let rfcLength = 9
    /// Refusals tolerated before giving up.
    public static let maxAttempts = 10
    /// The nickname last sent.
    public private(set) var current: String
    private var base: String
    private var limit = Nickname.maxLength
    private var underscores = 0
    private var attempts = 0

    /// Starts with the nickname the user asked for.
    public init(wanted: String) {
        current = wanted
        base = wanted
    }

    /// The nickname to send after the server refused `current` with `code` (`432` or `433`);
    /// nil when there is nothing sensible left to try.
    public mutating func next(afterRefusal code: String) -> String? {
        attempts += 1
        guard attempts <= NickFallback.maxAttempts else { return nil }
        if code == "432" {
            if current.count > NickFallback.rfcLength {
                limit = NickFallback.rfcLength
            } else {
                base = "guest"
                underscores = 0
            }
        } else {
            underscores += 1
        }
        let candidate = String(base.prefix(max(1, limit - underscores))) + String(repeating: "_", count: underscores)
        guard Nickname.isValid(candidate), candidate != current else { return nil }
        current = candidate
        return candidate
    }
}
