@testable import LetsChatCore
import Testing

struct LineFramerTests {
    /// Appends `bytes` and returns every item the framer can hand out afterwards.
    private func feed(_ framer: inout LineFramer, _ bytes: some Collection<UInt8>) -> [LineFramer.Item] {
        framer.append(bytes)
        var items: [LineFramer.Item] = []
        while let item = framer.next() { items.append(item) }
        return items
    }

    private func line(_ text: String) -> LineFramer.Item {
        .line(Array(text.utf8))
    }

    @Test func reassemblesALineFedOneByteAtATime() {
        var framer = LineFramer(maxLineBytes: 512)
        let wire = Array("PRIVMSG #room :caf\u{E9} au lait\r\nNICK bob\n".utf8)
        var items: [LineFramer.Item] = []
        for (index, byte) in wire.enumerated() {
            let got = feed(&framer, [byte])
            if !got.isEmpty {
                #expect(wire[index] == UInt8(ascii: "\n"), "a line came out before its LF")
            }
            items += got
        }
        #expect(items == [line("PRIVMSG #room :caf\u{E9} au lait"), line("NICK bob")])
        #expect(!framer.hasPending)
    }

    @Test func handsOutEveryLineOfOneRead() {
        var framer = LineFramer(maxLineBytes: 512)
        let lines = (1...50).map { "PRIVMSG #room :message \($0)" }
        let items = feed(&framer, Array(lines.map { $0 + "\r\n" }.joined().utf8))
        #expect(items == lines.map(line))
    }

    @Test func acceptsCRLFAndBareLFAndKeepsALoneCR() {
        var framer = LineFramer(maxLineBytes: 512)
        let items = feed(&framer, Array("one\r\ntwo\nthree\rfour\n\r\n\n".utf8))
        #expect(items == [line("one"), line("two"), line("three\rfour"), line(""), line("")])
    }

    @Test func holdsBackALineUntilItsTerminatorArrives() {
        var framer = LineFramer(maxLineBytes: 512)
        #expect(feed(&framer, Array("PING :ab".utf8)).isEmpty)
        #expect(framer.hasPending)
        #expect(feed(&framer, Array("c\r".utf8)).isEmpty)
        #expect(feed(&framer, Array("\nPI".utf8)) == [line("PING :abc")])
    }

    @Test func acceptsALineOfExactlyTheLimitFedByteByByte() {
        var framer = LineFramer(maxLineBytes: 16)
        var items: [LineFramer.Item] = []
        for byte in Array(String(repeating: "x", count: 16).utf8) + [13, 10] {
            items += feed(&framer, [byte])
        }
        #expect(items == [line(String(repeating: "x", count: 16))])
    }

    @Test func reportsALineOneByteOverTheLimitAsTooLong() {
        var framer = LineFramer(maxLineBytes: 16)
        let items = feed(&framer, Array((String(repeating: "x", count: 17) + "\r\nok\r\n").utf8))
        #expect(items == [.tooLong, line("ok")])
    }

    @Test func reportsATooLongLineOnceAndThenTheNextGoodLine() {
        var framer = LineFramer(maxLineBytes: 32)
        var items: [LineFramer.Item] = []
        for _ in 0..<40 {
            items += feed(&framer, Array(repeating: UInt8(ascii: "a"), count: 7))
        }
        items += feed(&framer, Array("tail\r\nPING :next\r\n".utf8))
        #expect(items == [.tooLong, line("PING :next")])
    }

    @Test func reportsEachOfTwoTooLongLinesOnce() {
        var framer = LineFramer(maxLineBytes: 8)
        let long = String(repeating: "z", count: 30)
        var items: [LineFramer.Item] = []
        for byte in Array("\(long)\nok\n\(long)\nfine\n".utf8) {
            items += feed(&framer, [byte])
        }
        #expect(items == [.tooLong, line("ok"), .tooLong, line("fine")])
    }

    @Test func neverHoldsMoreThanTheLimitOfAnEndlessLine() {
        let limit = 64
        var framer = LineFramer(maxLineBytes: limit)
        var reports = 0
        var largest = 0
        for _ in 0..<10_000 {
            reports += feed(&framer, Array(repeating: UInt8(ascii: "a"), count: 13)).count
            largest = max(largest, framer.storedByteCount)
        }
        #expect(reports == 1)
        #expect(largest <= limit + 1)
    }

    @Test func forgetsConsumedLinesWhenEveryReadEndsMidLine() {
        var framer = LineFramer(maxLineBytes: 64)
        var count = 0
        var largest = 0
        _ = feed(&framer, Array("PRIV".utf8))
        for _ in 0..<10_000 {
            count += feed(&framer, Array("MSG #room :hi\r\nPRIV".utf8)).count
            largest = max(largest, framer.storedByteCount)
        }
        #expect(count == 10_000)
        #expect(largest <= 64 + 1)
    }

    @Test func givesUpUnterminatedBytesThroughTakePending() {
        var framer = LineFramer(maxLineBytes: 512)
        #expect(feed(&framer, Array("one\nhello from an old client".utf8)) == [line("one")])
        #expect(framer.hasPending)
        #expect(framer.takePending() == Array("hello from an old client".utf8))
        #expect(!framer.hasPending)
        #expect(framer.takePending().isEmpty)
        #expect(feed(&framer, Array("next\n".utf8)) == [line("next")])
    }
}
