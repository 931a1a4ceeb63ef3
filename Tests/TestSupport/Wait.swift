import Foundation

/// Waiting for conditions by polling, always with a deadline; the tests have no fixed sleeps.
public enum Wait {
    /// Seconds to wait for something a program normally does within milliseconds.
    public static let timeout = 10.0
    /// The polling interval in microseconds: how often to look, not a guess at how long anything takes.
    private static let interval: UInt32 = 20_000

    /// Polls `check` until it returns a value; after `timeout` seconds throws, naming `what` and
    /// showing `seen()` (a log, a screen, a transcript).
    public static func value<T>(_ what: String, timeout: Double = Wait.timeout, seen: () throws -> String = { "" },
                                _ check: () throws -> T?) throws -> T {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            if let value = try check() { return value }
            if Date() >= deadline {
                throw TestFailure("timed out after \(timeout) s waiting for \(what)\n----- seen:\n\(try seen())\n-----")
            }
            usleep(interval)
        }
    }

    /// Polls `check` until it is true; after `timeout` seconds throws like `value`.
    public static func until(_ what: String, timeout: Double = Wait.timeout, seen: () throws -> String = { "" },
                             _ check: () throws -> Bool) throws {
        _ = try value(what, timeout: timeout, seen: seen) { try check() ? true : nil }
    }
}
