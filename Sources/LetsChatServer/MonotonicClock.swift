#if canImport(Glibc)
import Glibc
#endif
import LetsChatSystem

/// Seconds on a clock that never jumps, for deadlines.
public enum MonotonicClock {
    /// Seconds since an arbitrary fixed point.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Blocks the calling thread for `seconds`.
    public static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        // After an interruption, sleep only what is left.
        _ = SystemCall.retryingInterrupts {
            defer { request = remaining }
            return nanosleep(&request, &remaining)
        }
    }
}
