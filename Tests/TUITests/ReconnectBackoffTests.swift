import Testing
@testable import TUI

@Suite struct ReconnectBackoffTests {
    private func delays(_ count: Int, random: @escaping @Sendable () -> Double) -> [Duration] {
        var backoff = ReconnectBackoff(random: random)
        return (0..<count).map { _ in backoff.nextDelay() }
    }

    @Test func delaysDoubleFromOneSecondUpToThirty() {
        #expect(delays(8, random: { 0.5 }) == [1, 2, 4, 8, 16, 30, 30, 30].map { .seconds($0) })
    }

    @Test func jitterMovesADelayByAtMostTwentyPercent() {
        #expect(delays(2, random: { 0 }) == [.milliseconds(800), .milliseconds(1600)])
        #expect(delays(2, random: { 0.999_999 }) == [.milliseconds(1200), .milliseconds(2400)])
    }

    @Test func jitterNeverPushesADelayPastTheMaximum() {
        #expect(delays(10, random: { 0.999_999 }).allSatisfy { $0 <= .seconds(30) })
        #expect(delays(10, random: { 0 }).last == .seconds(24))
    }

    @Test func resetStartsOverFromTheBase() {
        var backoff = ReconnectBackoff(random: { 0.5 })
        for _ in 0..<5 { _ = backoff.nextDelay() }
        #expect(backoff.attempts == 5)
        backoff.reset()
        #expect(backoff.attempts == 0)
        #expect(backoff.nextDelay() == .seconds(1))
    }

    @Test func manyFailuresDoNotOverflow() {
        var backoff = ReconnectBackoff(random: { 0.5 })
        for _ in 0..<10_000 { _ = backoff.nextDelay() }
        #expect(backoff.nextDelay() == .seconds(30))
    }

    @Test func theRandomSourceIsUsedForEveryDelay() {
        #expect(Set(delays(1, random: { 0.25 })) == [.milliseconds(900)])
    }
}
