#if canImport(Glibc)
import Glibc
#endif
@testable import LetsChatServer
import Testing

/// Giving an idle thread's deep stack pages back to the system, without disturbing the thread.
@Suite struct ThreadStackTests {
    /// What the thread under test saw: resident stack pages after a deep call and after the release,
    /// and a deep call's result before and after.
    private struct Observation: Sendable {
        var residentAfterDeepCall = 0
        var residentAfterRelease = 0
        var pagesAboveCaller = 0
        var released = false
        var localsOnStack = false
        var sumBefore = 0
        var sumAfter = 0
    }

    @Test func pagesBelowTheCallersFrameAreGivenBackAndDeepCallsStillWorkAfterwards() throws {
        let done = Condition()
        nonisolated(unsafe) var seen: Observation?
        let started = ServerThread.start(name: "lc-test", stackSize: 512 * 1024) {
            var observation = Observation()
            observation.sumBefore = deepSum(depth: 200)
            let (low, high) = ThreadStack.bounds()!
            observation.residentAfterDeepCall = residentPages(low: low, high: high)
            observation.released = ThreadStack.releaseUnusedPages()
            observation.residentAfterRelease = residentPages(low: low, high: high)
            let here = ThreadStack.calleeFrameAddress()
            observation.localsOnStack = here > low && here < high
            if observation.localsOnStack {
                observation.pagesAboveCaller = Int((high - here) / UInt(sysconf(Int32(_SC_PAGESIZE)))) + 1
            }
            observation.sumAfter = deepSum(depth: 200)
            done.lock()
            seen = observation
            done.broadcast()
            done.unlock()
        }
        #expect(started)
        done.lock()
        while seen == nil { done.wait() }
        done.unlock()
        let observation = try #require(seen)
        #expect(observation.sumBefore == 200 * 201)
        #expect(observation.sumAfter == observation.sumBefore)
        // Under AddressSanitizer locals live on a heap "fake stack": nothing must be released then.
        #expect(observation.released == observation.localsOnStack)
        guard observation.localsOnStack else { return }
        // 200 frames of a 512-byte buffer each reach at least 100 KiB down.
        #expect(observation.residentAfterDeepCall >= 25)
        // What stays is the pages from the top of the stack down to this frame, and a callee's page.
        #expect(observation.residentAfterRelease <= observation.pagesAboveCaller + 1,
                "\(observation.residentAfterRelease) pages resident, \(observation.pagesAboveCaller) in use")
    }
}

/// Twice the sum of 1...`depth` (for depths under 256), through `depth` nested calls that each fill
/// a 512-byte buffer on the stack and read it back, so every frame's pages are really touched.
@inline(never)
private func deepSum(depth: Int) -> Int {
    guard depth > 0 else { return 0 }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { buffer in
        buffer.initialize(repeating: UInt8(truncatingIfNeeded: depth))
        return deepSum(depth: depth - 1) + Int(buffer[0]) + Int(buffer[511])
    }
}

/// How many pages of [low, high) are resident (`mincore`).
private func residentPages(low: UInt, high: UInt) -> Int {
    let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
    let count = Int((high - low) / page)
    var vector = [UInt8](repeating: 0, count: count)
    let status = mincore(UnsafeMutableRawPointer(bitPattern: low), Int(high - low), &vector)
    precondition(status == 0, "mincore failed: \(errno)")
    return vector.filter { $0 & 1 != 0 }.count
}
