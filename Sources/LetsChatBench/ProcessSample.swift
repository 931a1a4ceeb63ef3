import Foundation

/// A server process's CPU time, memory and thread count at one moment, read from `/proc`.
public struct ProcessSample: Sendable {
    /// User plus system CPU seconds used so far.
    public let cpuSeconds: Double
    /// Resident memory in bytes (`VmRSS`).
    public let residentBytes: Int
    /// Threads the process has.
    public let threads: Int

    /// Reads `/proc/PID/stat` and `/proc/PID/status`; nil when the process is gone or unreadable.
    public static func read(pid: Int32) -> ProcessSample? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15, threads 20.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 17, let user = Double(fields[11]), let system = Double(fields[12]), let threads = Int(fields[17])
        else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let rssKiB = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        return ProcessSample(cpuSeconds: (user + system) / ticks, residentBytes: rssKiB * 1024, threads: threads)
    }
}
