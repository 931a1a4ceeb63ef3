#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// Formats instants in the server's local time zone for text clients.
public enum LocalTime {
    /// `2026-11-26 20:46` in the server's time zone.
    public static func minuteText(_ time: Timestamp) -> String {
        var seconds = time_t(time.milliseconds / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Timestamp(milliseconds: time.milliseconds + Int64(parts.tm_gmtoff) * 1000).minuteText
    }

    /// The current instant.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}
