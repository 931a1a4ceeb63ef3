import Testing
@testable import LetsChatBench

@Suite struct LatencySummaryTests {
    @Test func takesNearestRankPercentilesInMilliseconds() throws {
        let summary = try #require(LatencySummary(nanoseconds: (1...100).reversed().map { Int64($0) * 1_000_000 }))
        #expect(summary.count == 100)
        #expect(summary.p50 == 50)
        #expect(summary.p90 == 90)
        #expect(summary.p99 == 99)
        #expect(summary.max == 100)
    }

    @Test func hasNoSummaryOfNothing() {
        #expect(LatencySummary(nanoseconds: []) == nil)
    }

    @Test func formatsFiguresWithFixedDecimals() {
        #expect(format(1.5, digits: 3) == "1.500")
        #expect(format(0.0004, digits: 3) == "0.000")
        #expect(format(-2.25, digits: 1) == "-2.3" || format(-2.25, digits: 1) == "-2.2")
        #expect(format(12345.6, digits: 0) == "12346")
    }
}
