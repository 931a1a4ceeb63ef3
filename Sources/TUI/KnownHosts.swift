/// The pinned certificates of the servers this user trusted: one `HOST:PORT SHA256-HEX` line per
/// server, as in ssh's known_hosts. Pure text in, text out; `KnownHostsFile` reads and writes it.
///
/// An IPv6 literal is bracketed (`[::1]:6667`); host names are compared ignoring case. Comments
/// (`#`), blank lines and lines this version cannot read are kept as they are when the file is rewritten.
public struct KnownHosts: Equatable, Sendable {
    /// One line of the file.
    public enum Line: Equatable, Sendable {
        /// A pinned server: its `HOST:PORT` key and the fingerprint trusted for it.
        case pin(endpoint: String, fingerprint: Fingerprint)
        /// A comment, a blank line or anything unreadable, kept verbatim.
        case other(String)
    }

    /// The lines in file order.
    public private(set) var lines: [Line]

    /// Reads the file's text; nothing is refused, unreadable lines are kept as `.other`.
    public init(parsing text: String = "") {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        lines = parts.map(Self.line)
    }

    private static func line(_ text: String) -> Line {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !text.hasPrefix("#"), fields.count == 2, let fingerprint = Fingerprint(fields[1]) else {
            return .other(text)
        }
        return .pin(endpoint: normalized(String(fields[0])), fingerprint: fingerprint)
    }

    /// The file's text: each line, then a newline.
    public var text: String {
        lines.map { line in
            switch line {
            case .pin(let endpoint, let fingerprint): "\(endpoint) \(fingerprint.hex)\n"
            case .other(let text): text + "\n"
            }
        }.joined()
    }

    /// The key a server is kept under: `host:port`, the host lower-cased and an IPv6 literal bracketed.
    public static func endpoint(host: String, port: UInt16) -> String {
        var bare = host
        if bare.hasPrefix("["), bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        return bare.contains(":") ? "[\(bare.lowercased())]:\(port)" : "\(bare.lowercased()):\(port)"
    }

    private static func normalized(_ endpoint: String) -> String {
        guard let colon = endpoint.lastIndex(of: ":"),
              let port = UInt16(endpoint[endpoint.index(after: colon)...]) else { return endpoint }
        return Self.endpoint(host: String(endpoint[..<colon]), port: port)
    }

    /// The fingerprint pinned for `host`:`port`, if any (the first, should the file name it twice).
    public func pin(host: String, port: UInt16) -> Fingerprint? {
        entry(host: host, port: port)?.fingerprint
    }

    /// The 1-based line number and text of the line that pins `host`:`port`, for the user to delete.
    public func entry(host: String, port: UInt16) -> (number: Int, text: String, fingerprint: Fingerprint)? {
        let key = Self.endpoint(host: host, port: port)
        for (index, line) in lines.enumerated() {
            if case .pin(key, let fingerprint) = line { return (index + 1, "\(key) \(fingerprint.hex)", fingerprint) }
        }
        return nil
    }

    /// Pins `fingerprint` for `host`:`port`: replaces that server's line where it is, or adds one at the end.
    public mutating func add(_ fingerprint: Fingerprint, host: String, port: UInt16) {
        let key = Self.endpoint(host: host, port: port)
        let new = Line.pin(endpoint: key, fingerprint: fingerprint)
        if let index = lines.firstIndex(where: { if case .pin(key, _) = $0 { true } else { false } }) {
            lines[index] = new
        } else {
            lines.append(new)
        }
    }
}
