#if canImport(Glibc)
import Glibc
#endif

/// A lock with a condition variable: threads holding the lock wait until another signals a change.
final class Condition: Lock, @unchecked Sendable {
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// An unlocked lock whose waits are timed on the monotonic clock (so a clock change moves no deadline).
    override init() {
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        super.init()
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    /// Releases the lock, sleeps until signalled, and takes the lock again (the caller re-checks its predicate).
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Like `wait()`, but gives up at `deadline` (`MonotonicClock` seconds); false when the deadline passed.
    func wait(until deadline: Double) -> Bool {
        let seconds = deadline.rounded(.down)
        var time = timespec(tv_sec: Int(seconds), tv_nsec: Int((deadline - seconds) * 1e9))
        return pthread_cond_timedwait(condition, mutex, &time) != ETIMEDOUT
    }

    /// Wakes every waiting thread.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
