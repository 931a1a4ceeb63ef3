#if canImport(Glibc)
import Glibc
#endif

/// The one way LetsChat makes a system call that a signal can interrupt.
///
/// A call blocked in `recv`, `send`, `poll`, `read`, `write` or `nanosleep` fails with `EINTR` when
/// the thread handles a signal; that is not an error, and the call is made again. Every such call in
/// the server, the client and the load generator goes through `retryingInterrupts`, so none forgets.
/// (The client's UI loop is the exception on purpose: its `poll` returns on EINTR, because the
/// interrupting signal is a terminal resize it must act on.)
public enum SystemCall {
    /// Makes `call` until it does not fail with `EINTR`, and returns its result: non-negative on
    /// success, negative on failure with `errno` still set by the failing call.
    ///
    /// A `poll` restarted this way waits its whole timeout again; the servers block the signals they
    /// handle in every thread, so that happens only under a debugger or a stray `kill`.
    @inlinable
    public static func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
