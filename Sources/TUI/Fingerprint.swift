/// A certificate's SHA-256 fingerprint: 32 bytes, written as 64 upper-case hex digits.
///
/// People read fingerprints aloud and paste them from irssi, WeeChat, browsers and
/// `openssl x509 -fingerprint`, so parsing takes 64 hex digits in either case, with or without
/// colons between the pairs, and nothing else.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The 64 upper-case hex digits, no colons: the canonical form, kept in known_hosts.
    public let hex: String

    /// Parses `text`: 64 hex digits, any case, optionally as 32 colon-separated pairs; surrounding
    /// spaces and an `SHA256:`/`sha256=` prefix (as `openssl x509 -fingerprint` prints) are allowed.
    public init?(_ text: some StringProtocol) {
        var body = Substring(text).drop { $0 == " " || $0 == "\t" }
        while let last = body.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            body = body.dropLast()
        }
        for prefix in ["sha256 fingerprint=", "sha256:", "sha256="] where body.lowercased().hasPrefix(prefix) {
            body = body.dropFirst(prefix.count)
        }
        let hasColons = body.contains(":")
        if hasColons {
            let pairs = body.split(separator: ":", omittingEmptySubsequences: false)
            guard pairs.count == 32, pairs.allSatisfy({ $0.count == 2 }) else { return nil }
        }
        let digits = body.filter { $0 != ":" }
        guard digits.count == 64, digits.allSatisfy(\.isHexDigit) else { return nil }
        hex = digits.uppercased()
    }

    /// The colon form (`AB:CD:…`, 95 characters), as browsers, irssi and `openssl x509 -fingerprint` print it.
    public var withColons: String {
        var pairs: [Substring] = []
        var rest = Substring(hex)
        while !rest.isEmpty {
            pairs.append(rest.prefix(2))
            rest = rest.dropFirst(2)
        }
        return pairs.joined(separator: ":")
    }

    /// The canonical form: 64 upper-case hex digits.
    public var description: String { hex }
}
