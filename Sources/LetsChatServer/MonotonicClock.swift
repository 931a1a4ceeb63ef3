#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a clock that never jumps, for deadlines.
public enum MonotonicClock {
    /// Seconds since an arbitrary fixed point.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
