@testable import LetsChatServer
import Synchronization
import Testing

/// The server's own threads carry names `ps -L` and `top -H` show.
@Suite struct ServerThreadTests {
    @Test func aStartedThreadIsNamedWithTheFirstFifteenBytesOfItsName() throws {
        let seen = Mutex<String?>(nil)
        let done = Condition()
        let started = ServerThread.start(name: "lc-a-very-long-thread-name", stackSize: 128 * 1024) {
            let comm = FileContents.read("/proc/thread-self/comm") ?? []
            let name = String(decoding: comm.prefix { $0 != 10 }, as: UTF8.self)
            done.lock()
            seen.withLock { $0 = name }
            done.broadcast()
            done.unlock()
        }
        #expect(started)
        done.lock()
        let deadline = MonotonicClock.now() + 10
        while seen.withLock({ $0 }) == nil && done.wait(until: deadline) {}
        done.unlock()
        #expect(seen.withLock { $0 } == "lc-a-very-long-")
    }
}
