#if canImport(Glibc)
import Glibc
#endif
import LetsChatSystem
import Testing

/// The funnel every interruptible system call goes through.
@Suite struct SystemCallTests {
    @Test func aCallInterruptedBySignalsIsMadeAgainUntilItSucceeds() {
        var calls = 0
        let result = SystemCall.retryingInterrupts { () -> Int in
            calls += 1
            guard calls == 3 else {
                errno = EINTR
                return -1
            }
            return 42
        }
        #expect(result == 42)
        #expect(calls == 3)
    }

    @Test func anyOtherFailureIsReturnedAtOnceWithItsErrno() {
        var calls = 0
        let result = SystemCall.retryingInterrupts { () -> Int32 in
            calls += 1
            errno = ECONNRESET
            return -1
        }
        #expect(result == -1)
        #expect(errno == ECONNRESET)
        #expect(calls == 1)
    }

    @Test func aRealSystemCallGoesThrough() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let written = SystemCall.retryingInterrupts { write(fds[1], "hi", 2) }
        var buffer = [UInt8](repeating: 0, count: 8)
        let read = SystemCall.retryingInterrupts { Glibc.read(fds[0], &buffer, buffer.count) }
        #expect(written == 2)
        #expect(Array(buffer.prefix(read)) == Array("hi".utf8))
    }
}
