/// The trust question or refusal that stands in for the chat screen while it is up, and what the
/// user's keys do to it. Plain state on the UI thread; `ClientApp`'s loop carries out its `Action`s.
struct TrustGate: Sendable {
    /// What a key asked for.
    enum Action: Equatable, Sendable {
        /// Nothing yet (a key the screen does not answer to, or no screen up).
        case none
        /// Pin this fingerprint and connect (or go on connecting).
        case trust(Fingerprint)
        /// End the program with status 1; `note` says why, on standard error once the screen is gone.
        case leave(note: String)
    }

    /// The screen shown instead of the chat.
    enum Screen: Equatable, Sendable {
        /// First contact: trust this certificate?
        case prompt(TrustPrompt)
        /// A pinned server showed another certificate or no TLS.
        case warning(TrustWarning)
    }

    /// The server's name or address, as given.
    let host: String
    /// Its port.
    let port: UInt16
    /// Where the pins are kept.
    let file: KnownHostsFile
    /// The screen up now; nil shows the chat.
    private(set) var screen: Screen?

    /// A gate for `host`:`port` with pins in `file`, showing nothing.
    init(host: String, port: UInt16, file: KnownHostsFile) {
        self.host = host
        self.port = port
        self.file = file
    }

    /// The server as `HOST:PORT`, as known_hosts keys it.
    var endpoint: String { KnownHosts.endpoint(host: host, port: port) }

    /// Asks whether to trust the certificate `fingerprint`.
    mutating func ask(_ fingerprint: Fingerprint) {
        screen = .prompt(TrustPrompt(endpoint: endpoint, fingerprint: fingerprint, knownHostsPath: file.path))
    }

    /// Shows the warning for the policy's refusal `decision` (a changed certificate or a pinned server
    /// without TLS), naming the known_hosts line when it holds the pin; `hosts` is the file's content.
    mutating func refuse(_ decision: TLSPolicy.Decision, hosts: KnownHosts) {
        let pinned: Fingerprint
        let problem: TrustWarning.Problem
        switch decision {
        case .refuseChanged(let pin, let offered): (pinned, problem) = (pin, .changed(offered: offered))
        case .refusePlain(let pin): (pinned, problem) = (pin, .plainText)
        default: return
        }
        let line = hosts.entry(host: host, port: port).flatMap { entry in
            entry.fingerprint == pinned ? TrustWarning.PinLine(number: entry.number, text: entry.text) : nil
        }
        screen = .warning(TrustWarning(endpoint: endpoint, pinned: pinned, problem: problem,
                                       knownHostsPath: file.path, pinLine: line))
    }

    /// What `key` does while a screen is up: Enter or Esc at the question, any key at the warning.
    /// Trusting takes the question down.
    mutating func apply(_ key: Key) -> Action {
        switch screen {
        case .prompt(let prompt):
            switch prompt.answer(for: key) {
            case .trust:
                screen = nil
                return .trust(prompt.fingerprint)
            case .leave:
                return .leave(note: "the certificate of \(endpoint) was not trusted; not connected")
            case nil:
                return .none
            }
        case .warning(let warning):
            return TrustWarning.leaves(on: key) ? .leave(note: warning.summary) : .none
        case nil:
            return .none
        }
    }

    /// The screen for a `columns` × `rows` terminal; nil when the chat shows.
    func frame(columns: Int, rows: Int) -> Frame? {
        switch screen {
        case .prompt(let prompt): prompt.frame(columns: columns, rows: rows)
        case .warning(let warning): warning.frame(columns: columns, rows: rows)
        case nil: nil
        }
    }
}
