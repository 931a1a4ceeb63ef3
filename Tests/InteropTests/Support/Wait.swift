import Foundation

/// Something an interop test waited for did not happen; the text says what and what was seen instead.
struct InteropFailure: Error, CustomStringConvertible {
    /// What went wrong, with the peer's output that shows it.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Waiting for conditions by polling, always with a deadline; there are no fixed sleeps in the suite.
enum Wait {
    /// Seconds to wait for something a peer normally does within milliseconds.
    static let timeout = 10.0
    /// Polling interval in microseconds.
    private static let interval: UInt32 = 20_000

    /// Polls `check` until it returns a value; after `timeout` seconds throws, naming `what` and
    /// showing `seen()` (a log, a screen, a transcript).
    static func value<T>(_ what: String, timeout: Double = Wait.timeout, seen: () -> String = { "" },
                         _ check: () throws -> T?) throws -> T {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            if let value = try check() { return value }
            if Date() >= deadline {
                throw InteropFailure("timed out after \(timeout) s waiting for \(what)\n----- seen:\n\(seen())\n-----")
            }
            usleep(interval)
        }
    }

    /// Polls `check` until it is true; after `timeout` seconds throws like `value`.
    static func until(_ what: String, timeout: Double = Wait.timeout, seen: () -> String = { "" },
                      _ check: () throws -> Bool) throws {
        _ = try value(what, timeout: timeout, seen: seen) { try check() ? true : nil }
    }
}
