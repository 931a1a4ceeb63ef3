import Testing
@testable import LetsChatBench

@Suite struct BenchLineTests {
    private func parse(_ text: String) -> BenchLine {
        Array(text.utf8).withUnsafeBufferPointer { BenchLine.parse($0) }
    }

    @Test func readsSenderAndSendTimeOfABenchmarkMessage() {
        #expect(parse(":b3!b3@127.0.0.1 PRIVMSG #letschat :LCB 7 12 123456789") == .delivery(sender: 7, sentAt: 123_456_789))
        #expect(parse("@time=2026-01-01T00:00:00.000Z :b3!u@h PRIVMSG #c :LCB 1 2 3 xxxx") == .delivery(sender: 1, sentAt: 3))
    }

    @Test func ignoresOtherMessages() {
        #expect(parse(":b3!b3@h PRIVMSG #letschat :hello there") == .other)
        #expect(parse(":b3!b3@h PRIVMSG #letschat :LCB 7 x") == .other)
        #expect(parse(":b3!b3@h JOIN #letschat") == .other)
        #expect(parse("") == .other)
    }

    @Test func recognizesRegistrationAndJoinNumerics() {
        #expect(parse(":irc.local 001 b1 :Welcome") == .welcome)
        #expect(parse(":irc.local 376 b1 :End of MOTD") == .endOfMOTD)
        #expect(parse(":irc.local 422 b1 :MOTD File is missing") == .endOfMOTD)
        #expect(parse(":irc.local 366 b1 #letschat :End of /NAMES list.") == .endOfNames)
        #expect(parse(":irc.local 433 * b1 :Nickname is already in use") == .nickRefused)
    }

    @Test func readsTheBarrierRoundFromAPong() {
        #expect(parse(":irc.local PONG irc.local :LCB3") == .pong(round: 3))
        #expect(parse(":irc.local PONG irc.local LCB12") == .pong(round: 12))
        #expect(parse(":irc.local PONG irc.local :other") == .other)
    }

    @Test func findsThePingToken() {
        let line = "PING :abc def"
        guard case .ping(let token) = parse(line) else {
            Issue.record("not a ping")
            return
        }
        #expect(String(decoding: Array(line.utf8)[token], as: UTF8.self) == "abc def")
        #expect(parse("ERROR :Closing Link") == .error)
    }

    @Test func writesDecimalsWithoutLosingDigits() {
        for value: Int64 in [0, 7, 10, 99, 100, 1_234_567_890_123] {
            var bytes: [UInt8] = [0x41]
            appendDecimal(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "A\(value)")
        }
    }
}
