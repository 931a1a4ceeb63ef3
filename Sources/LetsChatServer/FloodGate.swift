/// A token bucket that paces one client's input, as IRC servers do.
///
/// Owned by the client's reader thread. Each line takes a token; tokens come back at `rate` per
/// second up to `burst`. With no token left the reader waits (the client's input is delayed, no one
/// else's); a client that stays throttled for `disconnectAfter` seconds without pause is flooding.
struct FloodGate {
    private let burst: Double
    private let rate: Double
    private let disconnectAfter: Double
    private var tokens: Double
    private var refilledAt: Double
    private var throttledSince: Double?

    /// What the reader must do before handling the next line.
    enum Verdict: Equatable {
        /// Handle it now.
        case pass
        /// Wait this many seconds, then handle it.
        case wait(Double)
        /// The client has flooded for too long: disconnect it.
        case flooding
    }

    /// A gate letting `burst` lines through at once and `rate` per second after; `rate` 0 lets everything through.
    init(burst: Int, rate: Double, disconnectAfter: Double, now: Double) {
        self.burst = Double(burst)
        self.rate = rate
        self.disconnectAfter = disconnectAfter
        tokens = Double(burst)
        refilledAt = now
    }

    /// Takes a token for one line at monotonic time `now`.
    mutating func admit(now: Double) -> Verdict {
        guard rate > 0 else { return .pass }
        tokens = min(burst, tokens + (now - refilledAt) * rate)
        refilledAt = now
        if tokens >= 1 {
            tokens -= 1
            throttledSince = nil
            return .pass
        }
        let since = throttledSince ?? now
        throttledSince = since
        if now - since >= disconnectAfter { return .flooding }
        let wait = (1 - tokens) / rate
        tokens -= 1
        return .wait(wait)
    }
}
