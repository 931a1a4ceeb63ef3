/// The full-screen refusal shown when a pinned server shows another certificate, or answers in
/// plain text: it names both fingerprints, the known_hosts file and the line to delete. No key goes
/// past it; any key leaves (exit status 1). Plain state, drawn as a `Frame`.
public struct TrustWarning: Equatable, Sendable {
    /// What the pinned server did.
    public enum Problem: Equatable, Sendable {
        /// It showed a certificate with this other fingerprint.
        case changed(offered: Fingerprint)
        /// It did not speak TLS at all.
        case plainText
    }

    /// The known_hosts line that pins the server.
    public struct PinLine: Equatable, Sendable {
        /// Its 1-based number in the file.
        public let number: Int
        /// Its text.
        public let text: String
    }

    /// The server, as `HOST:PORT`.
    public let endpoint: String
    /// The fingerprint it should have shown.
    public let pinned: Fingerprint
    /// What it did instead.
    public let problem: Problem
    /// The known_hosts file.
    public let knownHostsPath: String
    /// The line that pins the server; nil when the pin came from `--fingerprint`.
    public let pinLine: PinLine?

    /// A warning that `endpoint`, pinned to `pinned` (at `pinLine` of `knownHostsPath`, or by
    /// `--fingerprint` when nil), did `problem`.
    public init(endpoint: String, pinned: Fingerprint, problem: Problem, knownHostsPath: String, pinLine: PinLine?) {
        self.endpoint = endpoint
        self.pinned = pinned
        self.problem = problem
        self.knownHostsPath = knownHostsPath
        self.pinLine = pinLine
    }

    /// Whether `key` ends the program: every key does, except a resize, which only redraws.
    public static func leaves(on key: Key) -> Bool {
        key != .resize
    }

    /// One line for standard error once the screen is gone, so a log or a script sees why.
    public var summary: String {
        switch problem {
        case .changed(let offered):
            "the TLS certificate of \(endpoint) changed (pinned \(pinned.hex), offered \(offered.hex)); not connected"
        case .plainText:
            "\(endpoint) is pinned to TLS certificate \(pinned.hex) but answered without TLS; not connected"
        }
    }

    /// The warning's text, paragraph by paragraph.
    public var paragraphs: [(text: String, style: Style)] {
        var text: [(text: String, style: Style)]
        switch problem {
        case .changed(let offered):
            text = [("WARNING: THE TLS CERTIFICATE OF \(endpoint) HAS CHANGED", .error),
                    ("", .plain),
                    ("Someone may be listening in on this connection (a man-in-the-middle attack), or the server "
                     + "was given a new certificate.", .plain),
                    ("", .plain),
                    ("Pinned fingerprint:  \(pinned.hex)", .plain),
                    ("Offered fingerprint: \(offered.hex)", .mention)]
        case .plainText:
            text = [("WARNING: \(endpoint) NO LONGER SPEAKS TLS", .error),
                    ("", .plain),
                    ("It is pinned to a TLS certificate, but it answered in plain text. Someone may be trying to "
                     + "read this connection by turning its encryption off.", .plain),
                    ("", .plain),
                    ("Pinned fingerprint:  \(pinned.hex)", .plain)]
        }
        text.append(("", .plain))
        text.append(("letschat stopped before sending anything of yours (nickname, password or messages).", .plain))
        if let pinLine {
            text.append(("If the server's owner confirms the change, delete line \(pinLine.number) of the "
                         + "known_hosts file, then run letschat again:", .plain))
            text.append(("  file: \(knownHostsPath)", .plain))
            text.append(("  line \(pinLine.number): \(pinLine.text)", .plain))
        } else {
            text.append(("The pin came from --fingerprint: check the fingerprint you were given "
                         + "(pins are kept in \(knownHostsPath)).", .plain))
        }
        text.append(("", .plain))
        text.append(("Press any key to leave.", .info))
        return text
    }

    /// The whole screen for a `columns` × `rows` terminal.
    public func frame(columns: Int, rows: Int) -> Frame {
        Frame.page(paragraphs, columns: columns, rows: rows)
    }
}
