import Synchronization

/// Gives the heap's free pages back to the system, at most once a second across all threads.
///
/// Readers call it as their clients go quiet, after letting go of their buffers: a crowd that
/// joined or talked leaves free memory scattered through the heap, which glibc keeps until asked.
enum HeapTrim {
    /// When the last trim ran, in monotonic milliseconds.
    private static let lastTrim = Atomic<Int64>(0)

    /// Trims the heap unless another thread did so in the last second.
    static func soon() {
        let now = Int64(MonotonicClock.now() * 1000)
        let last = lastTrim.load(ordering: .relaxed)
        guard now - last >= 1000,
              lastTrim.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged else { return }
        malloc_trim(0)
    }
}
