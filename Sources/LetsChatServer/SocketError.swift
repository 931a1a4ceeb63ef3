#if canImport(Glibc)
import Glibc
#endif

/// A failed socket call, with the call's name and `errno`, worded for a person; or a refused or
/// broken TLS session, with OpenSSL's reason.
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system call or step that failed (`bind`, `connect`, `TLS handshake`, ...).
    public let operation: String
    /// The `errno` value at the time (`EPROTO` for a TLS failure).
    public let code: Int32
    /// For a TLS failure, OpenSSL's reason (`unsupported protocol`, `wrong version number`, ...).
    public let reason: String?

    /// Captures the current `errno` for `operation`.
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
        reason = nil
    }

    /// A TLS failure during `operation`, for OpenSSL's `reason`.
    public static func tls(_ operation: String, reason: String) -> SocketError {
        SocketError(operation: operation, reason: reason)
    }

    private init(operation: String, reason: String) {
        self.operation = operation
        code = EPROTO
        self.reason = reason
    }

    public var description: String {
        "\(operation) failed: \(reason ?? String(cString: strerror(code)))"
    }
}
