import Foundation

/// A server process's CPU time, memory and thread count at one moment, read from `/proc`.
public struct ProcessSample: Sendable {
    /// User plus system CPU seconds used so far.
    public let cpuSeconds: Double
    /// Resident memory in bytes (`VmRSS`).
    public let residentBytes: Int
    /// Threads the process has.
    public let threads: Int
    /// Nanoseconds each thread has run, by thread id (`/proc/PID/task/TID/schedstat`): finer than
    /// `cpuSeconds`, which counts 10 ms ticks, but blind to threads that have ended.
    public let threadRuntimes: [Int32: UInt64]

    /// CPU seconds used since `earlier`: from the threads' run times, unless a thread of `earlier` has
    /// ended and the coarser tick counts (which keep an ended thread's time) show more.
    public func cpuSeconds(since earlier: ProcessSample) -> Double {
        let nanoseconds = threadRuntimes.reduce(0.0) { total, thread in
            total + Double(thread.value - min(earlier.threadRuntimes[thread.key] ?? 0, thread.value))
        }
        let ticked = cpuSeconds - earlier.cpuSeconds
        let someEnded = earlier.threadRuntimes.keys.contains { threadRuntimes[$0] == nil }
        return someEnded || threadRuntimes.isEmpty ? max(nanoseconds / 1e9, ticked) : nanoseconds / 1e9
    }

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
        return ProcessSample(cpuSeconds: (user + system) / ticks, residentBytes: rssKiB * 1024, threads: threads,
                             threadRuntimes: runtimes(pid: pid))
    }

    private static func runtimes(pid: Int32) -> [Int32: UInt64] {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [:] }
        var runtimes: [Int32: UInt64] = [:]
        for task in tasks {
            guard let id = Int32(task),
                  let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
                  let first = text.split(separator: " ").first, let nanoseconds = UInt64(first)
            else { continue }
            runtimes[id] = nanoseconds
        }
        return runtimes
    }
}
