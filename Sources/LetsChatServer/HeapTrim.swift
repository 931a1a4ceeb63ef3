import CSystem
import Synchronization

/// Gives the heap's free pages back to the system.
///
/// Readers call `soon()` as their clients go quiet, after letting go of their buffers: a crowd that
/// joined or talked leaves free memory scattered through the heap, which glibc keeps until asked.
/// The client calls `now()` after a long replay has passed through.
public enum HeapTrim {
    /// When the last trim by `soon()` ran, in monotonic milliseconds.
    private static let lastTrim = Atomic<Int64>(0)

    /// Trims the heap at once.
    public static func now() {
        malloc_trim(0)
    }

    /// Trims the heap unless another thread did so in the last second.
    static func soon() {
        let milliseconds = Int64(MonotonicClock.now() * 1000)
        let last = lastTrim.load(ordering: .relaxed)
        guard milliseconds - last >= 1000,
              lastTrim.compareExchange(expected: last, desired: milliseconds, ordering: .relaxed).exchanged else { return }
        HeapTrim.now()
    }
}
