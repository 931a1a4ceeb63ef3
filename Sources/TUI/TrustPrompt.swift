/// The question asked the first time the client meets a server whose certificate no CA vouches for:
/// its `HOST:PORT` and fingerprint, Enter to trust (and pin) it, Esc to leave. Plain state, drawn as a `Frame`.
public struct TrustPrompt: Equatable, Sendable {
    /// What the user answered.
    public enum Answer: Equatable, Sendable {
        /// Trust the certificate: pin it and connect.
        case trust
        /// Leave without connecting.
        case leave
    }

    /// The server, as `HOST:PORT`.
    public let endpoint: String
    /// The fingerprint of the certificate it showed.
    public let fingerprint: Fingerprint
    /// Where the pin will be kept.
    public let knownHostsPath: String

    /// A prompt for `endpoint`'s certificate `fingerprint`, to be pinned in `knownHostsPath`.
    public init(endpoint: String, fingerprint: Fingerprint, knownHostsPath: String) {
        self.endpoint = endpoint
        self.fingerprint = fingerprint
        self.knownHostsPath = knownHostsPath
    }

    /// The answer `key` gives: Enter trusts, Esc (or Ctrl-C) leaves; other keys are not an answer.
    public func answer(for key: Key) -> Answer? {
        switch key {
        case .enter: .trust
        case .escape, .ctrl("c"), .ctrl("d"): .leave
        default: nil
        }
    }

    /// The prompt's text, paragraph by paragraph.
    public var paragraphs: [(text: String, style: Style)] {
        [("The server \(endpoint) is not known yet.", .info),
         ("", .plain),
         ("Its TLS certificate's SHA-256 fingerprint is", .plain),
         ("  \(fingerprint.hex)", .mention),
         ("  \(fingerprint.withColons)", .dim),
         ("", .plain),
         ("Compare it with the fingerprint line that the server printed when it started (letschat-server or "
          + "letschat --serve). Trust it only if they are the same.", .plain),
         ("", .plain),
         ("Enter: trust this certificate and connect (kept in \(knownHostsPath))", .own),
         ("Esc: leave without connecting", .plain)]
    }

    /// The whole screen for a `columns` × `rows` terminal.
    public func frame(columns: Int, rows: Int) -> Frame {
        Frame.page(paragraphs, columns: columns, rows: rows)
    }
}
