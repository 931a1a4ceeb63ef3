import Foundation

/// The CPU time a process has used, in clock ticks (user + system, all its threads), from `/proc`:
/// how tests check that an idle program does nothing, with no timing involved.
public enum CPUTicks {
    /// The ticks `pid` has used so far.
    public static func used(by pid: pid_t) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at 3.
        guard let close = stat.lastIndex(of: ")") else { throw TestFailure("/proc/\(pid)/stat has no command name: \(stat)") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else {
            throw TestFailure("cannot read CPU times from /proc/\(pid)/stat: \(stat)")
        }
        return user + system
    }
}
