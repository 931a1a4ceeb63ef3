/// Decides, from the options, the pin and what the server offered, whether a connection goes on
/// encrypted, asks the user, falls back to plain text or is refused. Pure: `ServerConnector` does the I/O.
///
/// The rules (issue 12): TLS is tried first unless `--no-tls`. A server whose certificate checks out
/// against the system's CAs and the host name needs no question; any other certificate is trusted on
/// first use, once the user says so, and pinned. A pinned server must show the pinned certificate
/// again, and never gets plain text instead (no silent downgrade). Plain text is the fallback only for
/// a server with no pin, only without `--tls`, and only when there is no room password to send (it
/// would cross the network readable; `--no-tls` sends it anyway). `--fingerprint` is a pin the user gave.
public struct TLSPolicy: Equatable, Sendable {
    /// What the command line asked for.
    public enum Mode: Equatable, Sendable {
        /// TLS first, plain text for a server without TLS and without a pin (the default).
        case preferred
        /// TLS or nothing (`--tls`).
        case required
        /// Plain text without trying TLS (`--no-tls`).
        case off
    }

    /// What a server showed when asked for TLS.
    public enum Offer: Equatable, Sendable {
        /// No TLS: the handshake failed, the server closed, answered in plain text or stayed silent.
        case plain
        /// A certificate with this fingerprint; `verified` when its chain checks out against the
        /// system's CA store and names the host.
        case certificate(Fingerprint, verified: Bool)
    }

    /// What to do with the connection.
    public enum Decision: Equatable, Sendable {
        /// Go on encrypted; when `recording` is set, pin that fingerprint in known_hosts first.
        case encrypt(recording: Fingerprint?)
        /// Show the fingerprint and go on only if the user trusts it (trust on first use).
        case ask(Fingerprint)
        /// Close it and connect again in plain text.
        case fallBackToPlain
        /// Refuse: the server shows `offered`, not the certificate pinned for it.
        case refuseChanged(pinned: Fingerprint, offered: Fingerprint)
        /// Refuse: the server is pinned but did not speak TLS.
        case refusePlain(pinned: Fingerprint)
        /// Refuse: `--tls` was given and the server did not speak TLS.
        case refuseWithoutTLS
        /// Refuse: the server did not speak TLS, and plain text would carry the room password.
        case refusePasswordInPlainText
    }

    /// TLS or not, as the command line asked.
    public var mode: Mode
    /// The fingerprint this server must show: `--fingerprint`, else its known_hosts line.
    public var pin: Fingerprint?
    /// Whether `pin` is what known_hosts holds already; false for a `--fingerprint` not written there yet.
    public var pinIsRecorded: Bool
    /// Whether the client will send a room password (LETSCHAT_PASSWORD), which plain text would expose.
    public var sendsPassword: Bool

    /// A policy for `mode`, with the pin from known_hosts (`recorded`) and from `--fingerprint` (`given`),
    /// for a client that sends a room password or not.
    public init(mode: Mode = .preferred, recorded: Fingerprint? = nil, given: Fingerprint? = nil,
                sendsPassword: Bool = false) {
        self.mode = mode
        pin = given ?? recorded
        pinIsRecorded = given == nil || given == recorded
        self.sendsPassword = sendsPassword
    }

    /// Whether to try a TLS handshake at all.
    public var triesTLS: Bool { mode != .off }

    /// What to do once the server made `offer`.
    public func decide(_ offer: Offer) -> Decision {
        switch (offer, pin) {
        case (.certificate(let offered, _), let pinned?):
            guard offered == pinned else { return .refuseChanged(pinned: pinned, offered: offered) }
            return .encrypt(recording: pinIsRecorded ? nil : offered)
        case (.certificate(_, verified: true), nil):
            return .encrypt(recording: nil)
        case (.certificate(let offered, verified: false), nil):
            return .ask(offered)
        case (.plain, let pinned?):
            return .refusePlain(pinned: pinned)
        case (.plain, nil):
            if mode == .required { return .refuseWithoutTLS }
            return sendsPassword ? .refusePasswordInPlainText : .fallBackToPlain
        }
    }

    /// The policy once the user trusted `fingerprint` (and it was written to known_hosts).
    public func trusting(_ fingerprint: Fingerprint) -> TLSPolicy {
        var policy = self
        policy.pin = fingerprint
        policy.pinIsRecorded = true
        return policy
    }
}
