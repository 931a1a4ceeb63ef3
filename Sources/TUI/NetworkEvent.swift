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
}
