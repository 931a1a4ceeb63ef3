#if canImport(Glibc)
import Glibc
#endif

/// Why multicast DNS cannot run: a failed system call with its `errno`, worded for a person.
public struct DiscoveryError: Error, CustomStringConvertible, Sendable {
    /// What was being done, such as `bind UDP port 5353`.
    public let operation: String
    /// The `errno` value.
    public let code: Int32

    /// Captures `errno` (or `code`) for `operation`.
    init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "cannot \(operation): \(String(cString: strerror(code)))"
    }
}
