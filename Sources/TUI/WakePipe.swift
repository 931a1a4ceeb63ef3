#if canImport(Glibc)
import Glibc
#endif

/// A pipe used to wake a thread blocked in `poll`: any thread may `signal`, the owner polls
/// `readDescriptor` and then `drain`s it. Both ends are non-blocking, so `signal` never waits.
final class WakePipe: Sendable {
    /// The end to poll.
    let readDescriptor: Int32
    /// The end written by `signal` (and by the SIGWINCH handler for the terminal's pipe).
    let writeDescriptor: Int32

    /// Opens a non-blocking pipe that is closed on exec; the process stops if none can be made.
    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fatalError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    /// Closes both ends.
    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the owner; a full pipe already means a wake-up is pending.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe after a wake-up; true if anything was in it.
    @discardableResult
    func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 256)
        var any = false
        while read(readDescriptor, &buffer, buffer.count) > 0 { any = true }
        return any
    }
}
