/// How long to wait before each reconnection attempt: exponential backoff with jitter.
///
/// The n-th wait (from 0) is `base × factor^n`, capped at `maximum`, then moved by up to ±`jitter`
/// of itself so that many clients dropped together do not return together; the result never exceeds
/// `maximum`. A successful connection calls `reset()` and the next wait is short again.
public struct ReconnectBackoff: Sendable {
    /// The first wait, in seconds.
    public let base: Double
    /// How much each wait grows over the previous one.
    public let factor: Double
    /// The longest wait, in seconds.
    public let maximum: Double
    /// The largest fraction a wait is moved up or down by at random.
    public let jitter: Double
    /// How many waits were handed out since the last reset.
    public private(set) var attempts = 0
    private let random: @Sendable () -> Double

    /// Creates a backoff; `random` returns numbers in `0..<1` (inject a fixed one in tests).
    public init(base: Double = 1, factor: Double = 2, maximum: Double = 30, jitter: Double = 0.2,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.base = base
        self.factor = factor
        self.maximum = maximum
        self.jitter = jitter
        self.random = random
    }

    /// The wait before the next attempt, counting it as made.
    public mutating func nextDelay() -> Duration {
        var delay = base
        var step = 0
        while step < attempts && delay < maximum {
            delay *= factor
            step += 1
        }
        delay = min(delay, maximum)
        attempts += 1
        let spread = 1 + jitter * (2 * min(max(random(), 0), 1) - 1)
        let milliseconds = (min(delay * spread, maximum) * 1000).rounded()
        return .milliseconds(Int64(milliseconds))
    }

    /// Starts over after a successful connection.
    public mutating func reset() {
        attempts = 0
    }
}
