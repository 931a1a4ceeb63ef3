@testable import LetsChatServer
import Testing

/// Flush passes run one at a time: asking for one while one runs makes it go round once more.
///
/// A pass that asks for another stands in for a second thread asking meanwhile: the lock is not held
/// during a pass, so the request takes the same path another thread's would.
struct FlushPassesTests {
    @Test func aPassRunsAtOnceWhenNoneIsRunning() {
        let passes = FlushPasses()
        var count = 0
        passes.run { count += 1 }
        #expect(count == 1)
    }

    @Test func aPassAskedForDuringAPassIsRunAfterItNotInsideIt() {
        let passes = FlushPasses()
        var events: [String] = []
        var round = 0
        passes.run {
            round += 1
            events.append("start \(round)")
            if round == 1 { passes.run { events.append("nested") } }
            events.append("end \(round)")
        }
        #expect(events == ["start 1", "end 1", "start 2", "end 2"])
    }

    @Test func manyRequestsDuringOnePassAreMergedIntoOneMoreRound() {
        let passes = FlushPasses()
        var rounds = 0
        passes.run {
            rounds += 1
            if rounds == 1 {
                for _ in 0..<5 { passes.run {} }
            }
        }
        #expect(rounds == 2)
    }

    @Test func passesCanBeRunAgainOnceTheLastHasEnded() {
        let passes = FlushPasses()
        var count = 0
        passes.run { count += 1 }
        passes.run { count += 1 }
        #expect(count == 2)
    }
}
