import LetsChatCore

/// What the network thread tells the UI thread.
public enum NetworkEvent: Sendable, Equatable {
    /// A connection is open and registration has begun.
    case connected
    /// The connection about to register is encrypted (TLS) or plain text; comes just before `connected`.
    case security(encrypted: Bool)
    /// A line arrived from the server.
    case received(IRCMessage)
    /// The connection ended; `reason` says why, in words.
    case disconnected(reason: String)
    /// The connection ended for a reason that reconnecting cannot fix (wrong password, no usable nickname).
    case gaveUp(reason: String)
    /// The next attempt to connect happens `seconds` from now.
    case reconnecting(seconds: Double)
    /// Of the lines waiting to be paced out to the server, `sent` of `total` went; `sent == total` when all did.
    case sending(sent: Int, total: Int)
    /// The user stopped the paced sending; `unsent` lines were dropped.
    case sendCancelled(unsent: Int)
    /// A reconnection met a certificate with this fingerprint that nothing vouches for; the network
    /// thread waits until the user trusts it (`NetworkClient.trust`) or leaves.
    case untrusted(Fingerprint)
    /// A reconnection was refused by the TLS policy (a changed certificate, a pinned server without
    /// TLS, `--tls` and no TLS); the network thread waits for the program to end.
    case refused(TLSPolicy.Decision)
}
