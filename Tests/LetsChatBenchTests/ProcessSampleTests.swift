import Glibc
import Testing
@testable import LetsChatBench

/// Reading a server's CPU time: fine enough for a burst shorter than the kernel's 10 ms tick.
@Suite struct ProcessSampleTests {
    @Test func cpuUsedSinceAnEarlierSampleIsCountedBelowOneTick() throws {
        let earlier = try #require(ProcessSample.read(pid: getpid()))
        #expect(!earlier.threadRuntimes.isEmpty)
        // Three milliseconds of this thread's CPU: less than one tick, which `/proc/PID/stat` counts in.
        var start = timespec(), now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        repeat {
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        } while (now.tv_sec - start.tv_sec) * 1_000_000_000 + (now.tv_nsec - start.tv_nsec) < 3_000_000
        let later = try #require(ProcessSample.read(pid: getpid()))
        #expect(later.cpuSeconds(since: earlier) >= 0.003)
    }

    @Test func whenAThreadHasEndedTheTickCountsStandInForWhatItRan() {
        let earlier = ProcessSample(cpuSeconds: 1.0, residentBytes: 0, threads: 2, threadRuntimes: [1: 500_000_000, 2: 400_000_000])
        let later = ProcessSample(cpuSeconds: 1.5, residentBytes: 0, threads: 1, threadRuntimes: [1: 600_000_000])
        #expect(later.cpuSeconds(since: earlier) == 0.5)
        let still = ProcessSample(cpuSeconds: 1.0, residentBytes: 0, threads: 3,
                                  threadRuntimes: [1: 600_000_000, 2: 400_000_000, 3: 50_000_000])
        #expect(abs(still.cpuSeconds(since: earlier) - 0.15) < 1e-9)
    }
}
