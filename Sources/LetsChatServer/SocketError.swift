#if canImport(Glibc)
import Glibc
#endif

/// A failed socket call, with the call's name and `errno`, worded for a person.
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system call or step that failed (`bind`, `connect`, ...).
    public let operation: String
    /// The `errno` value at the time.
    public let code: Int32

    /// Captures the current `errno` for `operation`.
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code)))"
    }
}
