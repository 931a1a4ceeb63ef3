/// What one benchmark run measured.
public struct BenchResult: Sendable {
    /// The scenario that ran.
    public let settings: BenchSettings
    /// Clients that got 001, that got 366, and whose connection failed or was closed.
    public var registered = 0, joined = 0, failed = 0
    /// Why clients failed, with how many.
    public var failures: [String: Int] = [:]
    /// Seconds from the first connect to the last 001 and to the last 366.
    public var registerSeconds: Double?, joinSeconds: Double?
    /// Clients that answered the ping after joining.
    public var barrierAnswered = 0
    /// Clients that answered the ping after holding; nil when there was no hold.
    public var heldAnswered: Int?
    /// Benchmark messages received, and lines and bytes received in all.
    public var deliveries = 0, lines = 0, bytes = 0
    /// Seconds from the first send to the last receive.
    public var trafficSeconds: Double?
    /// Latency of every delivery, and of the deliveries to clients that send themselves.
    public var latency: LatencySummary?, senderLatency: LatencySummary?
    /// The server before connecting, after joining, after traffic, after holding.
    public var serverBefore: ProcessSample?, serverJoined: ProcessSample?, serverTraffic: ProcessSample?, serverHeld: ProcessSample?
    /// CPU seconds the generator itself used.
    public var generatorCPUSeconds = 0.0
    /// The phase the time limit cut short, if any.
    public var timedOutIn: String?

    /// An empty result for `settings`.
    init(settings: BenchSettings) {
        self.settings = settings
    }

    /// Messages that should have arrived and did not.
    public var lost: Int { max(settings.expectedDeliveries - deliveries, 0) }

    /// Deliveries per second from the first send to the last receive.
    public var deliveriesPerSecond: Double? {
        trafficSeconds.flatMap { $0 > 0 ? Double(deliveries) / $0 : nil }
    }

    /// Adds up the workers' figures.
    mutating func merge(_ parts: [WorkerResult]) {
        let firstConnect = parts.map(\.firstConnect).min() ?? .max
        let lastRegistered = parts.map(\.lastRegistered).max() ?? 0
        let lastJoined = parts.map(\.lastJoined).max() ?? 0
        if registered == settings.clients, firstConnect != .max { registerSeconds = Double(lastRegistered - firstConnect) / 1e9 }
        if joined == settings.clients, firstConnect != .max { joinSeconds = Double(lastJoined - firstConnect) / 1e9 }
        deliveries = parts.map(\.deliveries).reduce(0, +)
        lines = parts.map(\.linesReceived).reduce(0, +)
        bytes = parts.map(\.bytesReceived).reduce(0, +)
        let firstSend = parts.map(\.firstSend).min() ?? .max
        let lastReceive = parts.map(\.lastReceive).max() ?? 0
        if firstSend != .max && lastReceive > firstSend { trafficSeconds = Double(lastReceive - firstSend) / 1e9 }
        latency = LatencySummary(nanoseconds: parts.flatMap(\.latencies))
        senderLatency = LatencySummary(nanoseconds: parts.flatMap(\.senderLatencies))
        for part in parts { failures.merge(part.failures, uniquingKeysWith: +) }
    }

    /// The figures as plain `name value` lines, one figure a line, for people and scripts alike.
    public var report: [String] {
        let s = settings
        let speed = s.rate > 0 ? "\(format(s.rate)) per second each" : "as fast as possible"
        var lines = ["# \(s.clients) clients (\(s.connectAtOnce) connecting at once), \(s.senderCount) senders x \(s.messages) messages \(speed), \(s.host) port \(s.port)"]
        func add(_ name: String, _ value: Double?, digits: Int = 3) {
            lines.append("\(name) \(value.map { format($0, digits: digits) } ?? "-")")
        }
        add("clients_registered", Double(registered), digits: 0)
        add("clients_joined", Double(joined), digits: 0)
        add("clients_failed", Double(failed), digits: 0)
        add("register_all_s", registerSeconds)
        add("join_all_s", joinSeconds)
        add("answered_after_join", Double(barrierAnswered), digits: 0)
        if s.senderCount > 0 && s.messages > 0 {
            add("deliveries", Double(deliveries), digits: 0)
            add("deliveries_expected", Double(s.expectedDeliveries), digits: 0)
            add("messages_lost", Double(lost), digits: 0)
            add("traffic_s", trafficSeconds)
            add("deliveries_per_s", deliveriesPerSecond, digits: 0)
            for (prefix, summary) in [("latency", latency), ("sender_latency", senderLatency)] {
                add("\(prefix)_p50_ms", summary?.p50)
                add("\(prefix)_p90_ms", summary?.p90)
                add("\(prefix)_p99_ms", summary?.p99)
                add("\(prefix)_max_ms", summary?.max)
            }
        }
        if let heldAnswered { add("answered_after_hold", Double(heldAnswered), digits: 0) }
        for (name, sample) in [("before", serverBefore), ("joined", serverJoined), ("traffic", serverTraffic), ("held", serverHeld)] {
            guard let sample else { continue }
            add("server_cpu_s_\(name)", sample.cpuSeconds, digits: 2)
            add("server_rss_mib_\(name)", Double(sample.residentBytes) / 1_048_576, digits: 1)
            add("server_threads_\(name)", Double(sample.threads), digits: 0)
        }
        if let joined = serverJoined, let before = serverBefore {
            add("server_cpu_s_joining", joined.cpuSeconds - before.cpuSeconds, digits: 2)
        }
        if let traffic = serverTraffic, let joined = serverJoined {
            let seconds = traffic.cpuSeconds(since: joined)
            add("server_cpu_s_during_traffic", seconds, digits: 3)
            add("server_cpu_us_per_delivery", deliveries > 0 ? seconds * 1e6 / Double(deliveries) : nil, digits: 3)
        }
        add("lines_received", Double(self.lines), digits: 0)
        add("generator_cpu_s", generatorCPUSeconds, digits: 2)
        for (reason, count) in failures.sorted(by: { $0.value > $1.value }).prefix(5) {
            lines.append("# \(count) x \(reason)")
        }
        if let timedOutIn { lines.append("# timed out while \(timedOutIn)") }
        return lines
    }
}

/// `value` with `digits` decimals, without Foundation.
func format(_ value: Double, digits: Int = 3) -> String {
    guard value.isFinite else { return "-" }
    if digits == 0 { return String(Int(value.rounded())) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    return (value < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
}
