#if canImport(Glibc)
import Glibc
#endif

/// A plain mutex (pthread), for state that several threads touch briefly.
///
/// The server uses these instead of Foundation's `NSLock` so that it does not load Foundation at
/// all: that library alone is several MiB of a process's resident memory (see performance.md).
class Lock: @unchecked Sendable {
    /// The mutex itself; heap-allocated because a pthread mutex must not move.
    let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// An unlocked mutex.
    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Waits for and takes the lock.
    final func lock() {
        pthread_mutex_lock(mutex)
    }

    /// Releases the lock, which the calling thread holds.
    final func unlock() {
        pthread_mutex_unlock(mutex)
    }

    /// Runs `body` holding the lock.
    final func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}
