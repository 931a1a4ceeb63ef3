/// Percentiles of a set of latencies.
public struct LatencySummary: Sendable, Equatable {
    /// How many latencies there were.
    public let count: Int
    /// Median, 90th and 99th percentile and the largest, in milliseconds.
    public let p50: Double, p90: Double, p99: Double, max: Double

    /// Summarizes `nanoseconds` (nearest-rank percentiles); nil when there are none.
    public init?(nanoseconds: [Int64]) {
        guard !nanoseconds.isEmpty else { return nil }
        let sorted = nanoseconds.sorted()
        func rank(_ fraction: Double) -> Double {
            let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return Double(sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]) / 1e6
        }
        count = sorted.count
        p50 = rank(0.5)
        p90 = rank(0.9)
        p99 = rank(0.99)
        max = Double(sorted[sorted.count - 1]) / 1e6
    }
}
