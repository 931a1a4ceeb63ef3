import LetsChatCore
import Testing

struct MessageIDGeneratorTests {
    private let noon = Timestamp(milliseconds: 1_796_558_400_000)

    @Test func idsAreSixteenURLSafeCharacters() {
        var generator = MessageIDGenerator()
        let id = generator.next(now: noon)
        #expect(id.utf8.count == MessageIDGenerator.length)
        #expect(id.utf8.allSatisfy { MessageIDGenerator.alphabet.contains($0) })
        #expect(id.allSatisfy { $0.isLowercase || $0.isNumber })
    }

    @Test func manyIdsInOneMillisecondAreAllDifferent() {
        var generator = MessageIDGenerator(random: { 0 })
        let ids = (0..<100_000).map { _ in generator.next(now: noon) }
        #expect(Set(ids).count == ids.count)
    }

    @Test func laterIdsSortAfterEarlierOnes() {
        var generator = MessageIDGenerator(random: { .max })
        let times = [0, 0, 1, 1, 1, 999, 1000, 86_400_000].map { Timestamp(milliseconds: noon.milliseconds + $0) }
        let ids = times.map { generator.next(now: $0) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func aClockThatStepsBackDoesNotRepeatOrReorderIds() {
        var generator = MessageIDGenerator(random: { 7 })
        let first = generator.next(now: noon)
        let second = generator.next(now: Timestamp(milliseconds: noon.milliseconds - 60_000))
        #expect(second > first)
    }

    @Test func aFullCounterBorrowsTheNextMillisecond() {
        var generator = MessageIDGenerator(random: { 0 })
        let ids = (0..<(32_768 + 1)).map { _ in generator.next(now: noon) }
        let next = generator.next(now: Timestamp(milliseconds: noon.milliseconds + 1))
        #expect(ids.last!.prefix(9) != ids.first!.prefix(9))
        #expect(next > ids.last!)
    }

    @Test func theRandomPartSeparatesTwoGeneratorsInTheSameMillisecond() {
        var one = MessageIDGenerator(random: { 1 })
        var two = MessageIDGenerator(random: { 2 })
        #expect(one.next(now: noon) != two.next(now: noon))
    }
}
