/// One simulated IRC client: its socket, where it is in registration, and what it has to send.
///
/// Owned by one worker thread. It writes its few fixed lines itself rather than through
/// `LetsChatCore.IRCLine`: the generator is independent of the code it measures, by design.
final class BenchClient {
    /// Where the connection is.
    enum State { case waiting, connecting, registering, joined, failed }

    /// The client's number among all clients; its nickname is the prefix and this number.
    let index: Int
    /// The client's position in its worker's list, which epoll hands back with its events.
    let token: Int
    /// The sender number when this client sends, else nil.
    let senderNumber: Int?
    /// The socket; -1 before connecting and after failing.
    var fd: Int32 = -1
    /// The TLS connection over `fd` when the run uses TLS, from connecting until failing or the end.
    var tls: OpaquePointer?
    /// Whether TLS must read from the server before the outbox can be written (handshake under way).
    var tlsWaitsToRead = false
    /// How far the client has got.
    var state = State.waiting
    /// Whether 001 has arrived.
    var registered = false
    /// Whether JOIN has been queued (it is sent once the MOTD ends).
    var joinSent = false
    /// The highest barrier round answered.
    var answeredRound = 0
    /// The start of a line whose end has not arrived yet.
    var carry: [UInt8] = []
    /// Bytes the socket did not take yet, from `outboxStart` on.
    var outbox: [UInt8] = []
    /// How many bytes of `outbox` the socket has taken.
    var outboxStart = 0
    /// Whether epoll is told to report room to write.
    var watchingWritable = false
    /// Messages sent so far.
    var sent = 0
    /// When the next message is due (monotonic nanoseconds), at a fixed rate.
    var nextDue: Int64 = 0

    /// Client `index`, at `token` in its worker's list; `senderNumber` is nil for a client that only listens.
    init(index: Int, token: Int, senderNumber: Int?) {
        self.index = index
        self.token = token
        self.senderNumber = senderNumber
    }

    /// Whether bytes are waiting for the socket.
    var hasUnsent: Bool { outboxStart < outbox.count }

    /// Queues a line (CR LF added).
    func queue(_ text: String) {
        outbox.append(contentsOf: text.utf8)
        outbox.append(contentsOf: [0x0D, 0x0A])
    }
}
