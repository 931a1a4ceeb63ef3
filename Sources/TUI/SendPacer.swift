/// Paces the lines the client sends so that a server's flood control never drops it.
///
/// A token bucket, like the server's own: `burst` lines may go at once, then `perSecond` a second.
/// Every line the client sends counts, those that cannot wait too (PONG, registration, QUIT), so
/// `record` may take the bucket below zero and the lines that can wait (the user's) wait longer.
/// Times are plain monotonic seconds passed in, so a test drives it with a fake clock.
struct SendPacer: Sendable {
    /// How fast lines may go.
    struct Limits: Equatable, Sendable {
        /// Lines that may go at once.
        var burst: Int
        /// Lines a second after the burst.
        var perSecond: Double

        /// irssi's defaults (`cmds_max_at_once` 5, `cmd_queue_speed` 2200 ms), for servers that do
        /// not say their limits.
        static let irssi = Limits(burst: 5, perSecond: 1 / 2.2)

        /// What a client may use against a server that advertises `LINERATE=burst,rate`: a quarter
        /// of the burst (at least one line) and a tenth of the rate are kept back, so lines bunched
        /// up by the network or a clock running a little fast still find the server's bucket not empty.
        static func advertised(burst: Int, perSecond: Double) -> Limits {
            Limits(burst: max(1, burst - max(1, burst / 4)), perSecond: perSecond * 0.9)
        }

        /// The limits for an ISUPPORT `LINERATE` value such as `20,5`; nil for anything else.
        init?(isupport value: Substring) {
            let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, let burst = Int(parts[0]), let rate = Double(parts[1]),
                  burst > 0, rate > 0, rate.isFinite else { return nil }
            self = .advertised(burst: burst, perSecond: rate)
        }

        /// Limits of `burst` lines at once, then `perSecond` a second.
        init(burst: Int, perSecond: Double) {
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    /// The limits in force.
    private(set) var limits: Limits
    private var tokens: Double
    private var refilledAt: Double
    private let startedAt: Double
    /// When each line went out before the server said its limits (registration); nil once it has.
    private var unadoptedSends: [Double]? = []

    /// A full bucket with `limits` at monotonic second `now`.
    init(limits: Limits = .irssi, now: Double) {
        self.limits = limits
        tokens = Double(limits.burst)
        refilledAt = now
        startedAt = now
    }

    /// Starts again with a full bucket, as the server's is on a new connection.
    mutating func reset(limits: Limits = .irssi, now: Double) {
        self = SendPacer(limits: limits, now: now)
    }

    /// Switches to `limits` (the server said them), counting the lines already sent as if they had
    /// applied from the start: the bucket then never holds more than the server's, even on a server
    /// stricter than irssi's pace, whose own bucket registration already emptied.
    mutating func adopt(_ limits: Limits, now: Double) {
        var replay = SendPacer(limits: limits, now: startedAt)
        for time in unadoptedSends ?? [] { replay.spend(at: time) }
        replay.refill(now)
        self.limits = limits
        tokens = replay.tokens
        refilledAt = replay.refilledAt
        unadoptedSends = nil
    }

    /// Registration is over (001). Until a server says its limits, its registration lines are its
    /// own affair, as irssi sends them outside its queue: the user's lines start from a full bucket
    /// (after the JOIN that 001 asks for). A `LINERATE` that comes later (005) still counts every
    /// line from the start through `adopt`.
    mutating func registered(now: Double) {
        guard unadoptedSends != nil else { return }
        refill(now)
        tokens = Double(limits.burst)
    }

    /// Counts a line that went out at `now` whatever the bucket held.
    mutating func record(now: Double) {
        spend(at: now)
    }

    /// Counts one line and returns true if it may go at `now`; false if it must wait `delay(now:)`.
    mutating func take(now: Double) -> Bool {
        refill(now)
        // A hair of slack, so a line due after exactly `delay(now:)` is not refused for a rounding error.
        guard tokens >= 1 - 1e-9 else { return false }
        spend(at: now)
        return true
    }

    /// Seconds from `now` until `take` will let one more line go; 0 when it would now.
    func delay(now: Double) -> Double {
        let available = min(Double(limits.burst), tokens + max(0, now - refilledAt) * limits.perSecond)
        return available >= 1 ? 0 : (1 - available) / limits.perSecond
    }

    private mutating func spend(at now: Double) {
        refill(now)
        tokens -= 1
        // Registration is a handful of lines; the bound only keeps a server that never sends 005 from growing it.
        if unadoptedSends != nil, unadoptedSends!.count < 256 { unadoptedSends!.append(now) }
    }

    private mutating func refill(_ now: Double) {
        tokens = min(Double(limits.burst), tokens + max(0, now - refilledAt) * limits.perSecond)
        refilledAt = max(refilledAt, now)
    }
}
