import Testing
@testable import TUI

/// The pacer on a fake clock: times are plain seconds passed in.
@Suite struct SendPacerTests {
    /// Sends `count` lines as early as `pacer` lets them, from second `start`; returns when each went.
    private func sendTimes(_ count: Int, with pacer: inout SendPacer, from start: Double = 0) -> [Double] {
        var now = start
        var times: [Double] = []
        while times.count < count {
            if pacer.take(now: now) {
                times.append(now)
            } else {
                now += pacer.delay(now: now)
            }
        }
        return times
    }

    @Test func theBurstGoesAtOnceThenLinesWaitForTheRate() {
        var pacer = SendPacer(limits: SendPacer.Limits(burst: 3, perSecond: 2), now: 0)
        let times = sendTimes(5, with: &pacer)
        #expect(times.prefix(3).allSatisfy { $0 == 0 })
        #expect(abs(times[3] - 0.5) < 1e-6)
        #expect(abs(times[4] - 1.0) < 1e-6)
    }

    @Test func withoutAdvertisedLimitsItPacesAsIrssiDoes() {
        var pacer = SendPacer(now: 0)
        #expect(pacer.limits == SendPacer.Limits(burst: 5, perSecond: 1 / 2.2))
        let times = sendTimes(7, with: &pacer)
        #expect(times.prefix(5).allSatisfy { $0 == 0 })
        #expect(abs(times[5] - 2.2) < 1e-6)
        #expect(abs(times[6] - 4.4) < 1e-6)
    }

    @Test func onAServerThatSaysNoLimitsTheFirstMessageAfterRegistrationGoesAtOnce() {
        var pacer = SendPacer(now: 0)
        for _ in 1...7 { pacer.record(now: 0) }  // CAP LS, NICK, USER, CAP REQ, CAP END, PONG, JOIN
        let allowed = pacer.take(now: 0.1)
        #expect(!allowed, "registration alone spends irssi's burst")
        pacer.registered(now: 0.1)
        let times = sendTimes(5, with: &pacer, from: 0.1)
        #expect(times.allSatisfy { $0 == 0.1 }, "the user's first five lines go at once: \(times)")
    }

    @Test func limitsSaidAfterRegistrationStillCountRegistrationsLines() {
        var pacer = SendPacer(now: 0)
        for _ in 1...5 { pacer.record(now: 0) }
        pacer.registered(now: 0)
        pacer.adopt(.advertised(burst: 8, perSecond: 1), now: 0)
        let times = sendTimes(2, with: &pacer, from: 0)
        #expect(times[0] == 0, "a burst of 6 (8 less a quarter) less the 5 registration lines leaves one")
        #expect(abs(times[1] - 1 / 0.9) < 1e-6)
    }

    @Test func nothingWaitingMeansNoDelay() {
        let pacer = SendPacer(limits: SendPacer.Limits(burst: 2, perSecond: 1), now: 10)
        #expect(pacer.delay(now: 10) == 0)
    }

    @Test func linesThatCannotWaitCountAgainstTheUsersLines() {
        var pacer = SendPacer(limits: SendPacer.Limits(burst: 3, perSecond: 1), now: 0)
        pacer.record(now: 0)
        pacer.record(now: 0)
        pacer.record(now: 0)
        pacer.record(now: 0)
        let allowed = pacer.take(now: 0)
        #expect(!allowed)
        #expect(abs(pacer.delay(now: 0) - 2) < 1e-6, "a PONG over the burst must push the next line back")
    }

    @Test func anAdvertisedRateKeepsAMarginBelowTheServers() {
        #expect(SendPacer.Limits(isupport: "20,5") == SendPacer.Limits(burst: 15, perSecond: 4.5))
        #expect(SendPacer.Limits(isupport: "1,1") == SendPacer.Limits(burst: 1, perSecond: 0.9))
        #expect(SendPacer.Limits(isupport: "4,0.5")?.burst == 3)
    }

    @Test(arguments: ["", "20", "20,", ",5", "0,5", "20,0", "20,-1", "x,5", "20,5,1", "20,nan"])
    func aMalformedLineRateIsIgnored(value: String) {
        #expect(SendPacer.Limits(isupport: value[...]) == nil)
    }

    @Test func adoptingAdvertisedLimitsCountsTheLinesAlreadySent() {
        var pacer = SendPacer(now: 0)
        _ = sendTimes(5, with: &pacer)
        pacer.adopt(SendPacer.Limits(burst: 15, perSecond: 4.5), now: 0)
        let times = sendTimes(11, with: &pacer)
        #expect(times.prefix(10).allSatisfy { $0 == 0 })
        #expect(times[10] > 0)
    }

    @Test func adoptingStricterLimitsThanIrssisWaitsForTheServerToRecover() {
        var pacer = SendPacer(now: 0)
        for _ in 0..<5 { pacer.record(now: 0) }
        pacer.adopt(SendPacer.Limits(burst: 1, perSecond: 1), now: 1)
        let allowed = pacer.take(now: 1)
        #expect(!allowed)
        #expect(abs(pacer.delay(now: 1) - 4) < 1e-6)
    }

    /// The server's flood gate as a token bucket: `burst` lines, `perSecond` after; false once a line finds it empty.
    private struct ServerBucket {
        let burst: Double, perSecond: Double
        var tokens: Double, last = 0.0

        init(burst: Int, perSecond: Double) {
            self.burst = Double(burst)
            self.perSecond = perSecond
            tokens = Double(burst)
        }

        mutating func arrive(at now: Double) -> Bool {
            tokens = min(burst, tokens + (now - last) * perSecond)
            last = now
            tokens -= 1
            return tokens >= 0
        }
    }

    /// Sends 300 lines as fast as `pacer` lets them go, with a PONG (recorded, not paced) before every
    /// 50th, and expects none to find `server`'s bucket empty.
    private func sendThreeHundredLines(through pacer: inout SendPacer, to server: inout ServerBucket) {
        var now = 0.0
        for index in 0..<300 {
            if index % 50 == 0 {
                pacer.record(now: now)
                _ = server.arrive(at: now)
            }
            while !pacer.take(now: now) { now += pacer.delay(now: now) }
            let passed = server.arrive(at: now)
            #expect(passed, "line \(index) was throttled at \(now)")
        }
    }

    @Test(arguments: [(20, 5.0), (1, 1.0), (5, 0.5), (100, 50.0)])
    func pacedLinesNeverFindTheServersBucketEmpty(burst: Int, perSecond: Double) {
        var pacer = SendPacer(now: 0)
        var server = ServerBucket(burst: burst, perSecond: perSecond)
        // Registration goes out before the server says its limits (a strict server throttles it
        // for a moment, which is allowed); a PONG goes out now and then.
        for _ in 0..<6 {
            pacer.record(now: 0)
            _ = server.arrive(at: 0)
        }
        pacer.adopt(SendPacer.Limits(isupport: "\(burst),\(perSecond)"[...])!, now: 0)
        sendThreeHundredLines(through: &pacer, to: &server)
    }

    @Test func irssisPaceNeverFindsADefaultServersBucketEmpty() {
        var pacer = SendPacer(now: 0)
        var server = ServerBucket(burst: 20, perSecond: 5)
        sendThreeHundredLines(through: &pacer, to: &server)
    }
}
