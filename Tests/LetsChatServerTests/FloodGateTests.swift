import Testing
@testable import LetsChatServer

@Suite struct FloodGateTests {
    @Test func aBurstPassesAtOnce() {
        var gate = FloodGate(burst: 5, rate: 1, disconnectAfter: 10, now: 0)
        for _ in 0..<5 { #expect(gate.admit(now: 0) == .pass) }
    }

    @Test func theLineAfterTheBurstWaitsForItsToken() {
        var gate = FloodGate(burst: 3, rate: 2, disconnectAfter: 10, now: 0)
        for _ in 0..<3 { _ = gate.admit(now: 0) }
        #expect(gate.admit(now: 0) == .wait(0.5))
        #expect(gate.admit(now: 0.5) == .wait(0.5))
    }

    @Test func aClientThatPausesGetsItsBurstBack() {
        var gate = FloodGate(burst: 2, rate: 1, disconnectAfter: 10, now: 0)
        _ = gate.admit(now: 0)
        _ = gate.admit(now: 0)
        #expect(gate.admit(now: 5) == .pass)
        #expect(gate.admit(now: 5) == .pass)
    }

    @Test func aClientThrottledWithoutPauseIsFlooding() {
        var gate = FloodGate(burst: 1, rate: 10, disconnectAfter: 2, now: 0)
        var now = 0.0
        var verdict = gate.admit(now: now)
        while verdict != .flooding && now < 5 {
            if case .wait(let seconds) = verdict { now += seconds }
            verdict = gate.admit(now: now)
        }
        #expect(verdict == .flooding)
        #expect(now >= 2 && now < 2.5)
    }

    @Test func rateZeroTurnsFloodControlOff() {
        var gate = FloodGate(burst: 1, rate: 0, disconnectAfter: 1, now: 0)
        for _ in 0..<1000 { #expect(gate.admit(now: 0) == .pass) }
    }
}

/// Flood control as a user sees it: a flooder is slowed, then dropped, and others keep talking.
@Suite struct FloodControlTests {
    @Test func aSustainedFloodIsDisconnectedWhileOthersStillTalk() throws {
        try withServer(configure: {
            $0.floodBurst = 5
            $0.floodRate = 20
            $0.floodDisconnectSeconds = 1
        }) { server in
            let flooder = try server.ircClient("flooder")
            let calm = try server.ircClient("calm")
            let listener = try server.ircClient("listener")
            let lines = (0..<400).map { "PRIVMSG \(TestServer.channel) :flood \($0)\r\n" }.joined()
            try flooder.send(lines)
            try calm.irc("PRIVMSG \(TestServer.channel) :still here")
            try listener.expectIRC("calm's message during the flood") { $0.params.last == "still here" }
            let quit = try listener.expectIRC("the flooder's QUIT", within: 10) {
                $0.command == "QUIT" && $0.sourceNick == "flooder"
            }
            #expect(quit.params.last?.contains("Excess Flood") == true)
            let seen = listener.lines.filter { $0.contains(":flood ") }.count
            #expect(seen < 400, "the flood was relayed in full (\(seen) lines) instead of being cut off")
        }
    }

    @Test func aFloodOfTagmsgIsDisconnectedLikeAnyOther() throws {
        try withServer(configure: {
            $0.floodBurst = 5
            $0.floodRate = 20
            $0.floodDisconnectSeconds = 1
        }) { server in
            let typist = try server.ircClient("typist", messageTags: true)
            let listener = try server.ircClient("listener", messageTags: true)
            let lines = String(repeating: "@+typing=active TAGMSG \(TestServer.channel)\r\n", count: 400)
            try typist.send(lines)
            let quit = try listener.expectIRC("the typist's QUIT", within: 10) {
                $0.command == "QUIT" && $0.sourceNick == "typist"
            }
            #expect(quit.params.last?.contains("Excess Flood") == true)
            let seen = listener.lines.filter { $0.contains(" TAGMSG ") }.count
            #expect(seen > 0 && seen < 400, "\(seen) TAGMSGs relayed; expected some, then a cut-off")
        }
    }
}
