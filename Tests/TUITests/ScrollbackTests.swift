import Testing
@testable import TUI

@Suite struct ScrollbackTests {
    private static let marker = Scrollback.unreadMarker(width: 20).text

    private func filled(_ count: Int, capacity: Int = 100_000) -> Scrollback {
        var scrollback = Scrollback(capacity: capacity)
        for index in 0..<count { scrollback.append(ChatLine(kind: .info, text: "line \(index)")) }
        return scrollback
    }

    private func shown(_ scrollback: Scrollback, width: Int = 20, height: Int = 5) -> [String] {
        scrollback.rows(width: width, height: height, utcOffsetSeconds: 0).map(\.text)
    }

    @Test func anEmptyScrollbackHasNoRows() {
        #expect(shown(Scrollback()).isEmpty)
    }

    @Test func theNewestLineIsAtTheBottom() {
        #expect(shown(filled(10), height: 3) == ["-- line 7", "-- line 8", "-- line 9"])
    }

    @Test func lessTextThanThePaneGivesFewerRows() {
        #expect(shown(filled(2)) == ["-- line 0", "-- line 1"])
    }

    @Test func noRoomGivesNoRows() {
        #expect(filled(3).rows(width: 0, height: 5, utcOffsetSeconds: 0).isEmpty)
        #expect(filled(3).rows(width: 5, height: 0, utcOffsetSeconds: 0).isEmpty)
    }

    @Test func theOldestLinesAreDroppedBeyondCapacity() {
        let small = filled(5, capacity: 3)
        #expect(small.count == 3)
        #expect(small.lines.map(\.text) == ["line 2", "line 3", "line 4"])
        let compacted = filled(100, capacity: 10)
        #expect(compacted.lines.map(\.text) == (90..<100).map { "line \($0)" })
        #expect(shown(compacted, height: 2) == ["-- line 98", "-- line 99"])
    }

    @Test func pageUpMovesBackAPaneLessOneRow() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        #expect(scrollback.isScrolledBack)
        #expect(shown(scrollback) == (11...15).map { "-- line \($0)" })
    }

    @Test func pageDownReturnsToTheBottomAndFollowsAgain() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        scrollback.pageUp(width: 20, height: 5)
        scrollback.pageDown(width: 20, height: 5)
        #expect(shown(scrollback) == (11...15).map { "-- line \($0)" })
        scrollback.pageDown(width: 20, height: 5)
        #expect(!scrollback.isScrolledBack)
        scrollback.append(ChatLine(kind: .info, text: "line 20"))
        #expect(shown(scrollback).last == "-- line 20")
    }

    @Test func lineUpAndLineDownMoveByRows() {
        var scrollback = filled(20)
        scrollback.lineUp(3, width: 20, height: 5)
        #expect(shown(scrollback).last == "-- line 16")
        scrollback.lineDown(1, width: 20, height: 5)
        #expect(shown(scrollback).last == "-- line 17")
        scrollback.lineDown(5, width: 20, height: 5)
        #expect(!scrollback.isScrolledBack)
    }

    @Test func scrollingStopsWithTheOldestLineAtTheTop() {
        var scrollback = filled(20)
        for _ in 0..<10 { scrollback.pageUp(width: 20, height: 5) }
        #expect(shown(scrollback) == (0...4).map { "-- line \($0)" })
        scrollback.scrollToBottom()
        scrollback.scrollToTop(width: 20, height: 5)
        #expect(shown(scrollback) == (0...4).map { "-- line \($0)" })
    }

    @Test func scrollingBackWithLessThanAPaneStaysAtTheBottom() {
        var scrollback = filled(3)
        scrollback.pageUp(width: 20, height: 5)
        #expect(!scrollback.isScrolledBack)
    }

    @Test func scrollingCountsWrappedRowsNotLines() {
        var scrollback = Scrollback()
        for index in 0..<4 { scrollback.append(ChatLine(kind: .info, text: "line \(index) wraps")) }
        #expect(shown(scrollback, width: 10, height: 3) == ["wraps", "-- line 3", "wraps"])
        scrollback.lineUp(1, width: 10, height: 3)
        #expect(shown(scrollback, width: 10, height: 3) == ["-- line 2", "wraps", "-- line 3"])
    }

    @Test func newLinesWhileScrolledBackDoNotMoveTheView() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        let before = shown(scrollback)
        for index in 20..<30 { scrollback.append(ChatLine(kind: .info, text: "line \(index)")) }
        #expect(shown(scrollback) == before)
    }

    @Test func unreadCountCountsLinesThatArriveWhileScrolledBack() {
        var scrollback = filled(20)
        scrollback.append(ChatLine(kind: .info, text: "seen"))
        #expect(scrollback.unreadCount == 0)
        scrollback.pageUp(width: 20, height: 5)
        for _ in 0..<3 { scrollback.append(ChatLine(kind: .info, text: "new")) }
        #expect(scrollback.unreadCount == 3)
        scrollback.scrollToBottom()
        #expect(scrollback.unreadCount == 0)
    }

    @Test func theUnreadMarkerSitsBeforeTheFirstLineThatArrivedWhileScrolledBack() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        #expect(!scrollback.hasUnreadMarker)
        scrollback.append(ChatLine(kind: .info, text: "new 1"))
        scrollback.append(ChatLine(kind: .info, text: "new 2"))
        scrollback.scrollToBottom()
        #expect(shown(scrollback) == ["-- line 18", "-- line 19", Self.marker, "-- new 1", "-- new 2"])
    }

    @Test func theMarkerStaysAfterReturningUntilCleared() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        scrollback.append(ChatLine(kind: .info, text: "new 1"))
        scrollback.pageDown(width: 20, height: 5)
        scrollback.pageDown(width: 20, height: 5)
        #expect(!scrollback.isScrolledBack)
        #expect(shown(scrollback).contains(Self.marker))
        scrollback.clearUnreadMarker()
        #expect(!shown(scrollback).contains(Self.marker))
    }

    @Test func theMarkerMovesOnTheNextScrollBack() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        scrollback.append(ChatLine(kind: .info, text: "first"))
        scrollback.scrollToBottom()
        scrollback.lineUp(1, width: 20, height: 5)
        scrollback.append(ChatLine(kind: .info, text: "second"))
        scrollback.scrollToBottom()
        #expect(shown(scrollback) == ["-- line 18", "-- line 19", "-- first", Self.marker, "-- second"])
    }

    @Test func theBottomRowHoldsStillWhenTheMarkerMovesAway() {
        var scrollback = Scrollback()
        func add(_ index: Int) { scrollback.append(ChatLine(kind: .info, text: "line \(index) wraps")) }
        for index in 0..<4 { add(index) }
        scrollback.pageUp(width: 10, height: 3)
        add(4)
        scrollback.scrollToBottom()
        add(5)
        scrollback.lineUp(3, width: 10, height: 3)
        #expect(shown(scrollback, width: 10, height: 3) == ["wraps", Scrollback.unreadMarker(width: 10).text, "-- line 4"])
        add(6)
        #expect(shown(scrollback, width: 10, height: 3) == ["-- line 3", "wraps", "-- line 4"])
    }

    @Test func scrollingCountsTheMarkerRow() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        scrollback.append(ChatLine(kind: .info, text: "new"))
        scrollback.scrollToBottom()
        scrollback.lineUp(1, width: 20, height: 5)
        #expect(shown(scrollback) == ["-- line 16", "-- line 17", "-- line 18", "-- line 19", Self.marker])
    }

    @Test func aNarrowerPaneRewrapsAndKeepsTheSameBottomLine() {
        var scrollback = Scrollback()
        for index in 0..<30 { scrollback.append(ChatLine(kind: .info, text: "line \(index) has some words")) }
        scrollback.pageUp(width: 40, height: 5)
        #expect(shown(scrollback, width: 40).last == "-- line 25 has some words")
        #expect(shown(scrollback, width: 12).last == "-- line 25")
        scrollback.lineUp(1, width: 12, height: 5)
        #expect(shown(scrollback, width: 12) == ["has some", "words", "-- line 24", "has some", "words"])
    }

    @Test func rowCountsAreRedoneWhenTheWidthChanges() {
        var scrollback = Scrollback()
        for index in 0..<30 { scrollback.append(ChatLine(kind: .info, text: "line \(index) has some words")) }
        for _ in 0..<3 { scrollback.pageUp(width: 40, height: 5) }
        scrollback.scrollToBottom()
        scrollback.lineUp(3, width: 12, height: 5)
        #expect(shown(scrollback, width: 12) == ["has some", "words", "-- line 28", "has some", "words"])
    }

    @Test func rowsNeverExceedThePane() {
        var scrollback = Scrollback()
        for index in 0..<50 {
            scrollback.append(ChatLine(kind: .message, nick: "n\(index)", text: String(repeating: "日本 ", count: index)))
        }
        for width in [1, 2, 3, 7, 20] {
            for height in [1, 2, 5, 13] {
                scrollback.pageUp(width: width, height: height)
                let rows = scrollback.rows(width: width, height: height, utcOffsetSeconds: 0)
                #expect(rows.count == height)
                #expect(rows.allSatisfy { $0.width <= width })
            }
        }
    }

    @Test func clearEmptiesEverything() {
        var scrollback = filled(20)
        scrollback.pageUp(width: 20, height: 5)
        scrollback.append(ChatLine(kind: .info, text: "new"))
        scrollback.clear()
        #expect(scrollback.count == 0 && !scrollback.isScrolledBack && !scrollback.hasUnreadMarker)
        #expect(scrollback.unreadCount == 0)
        #expect(shown(scrollback).isEmpty)
    }

    @Test func aHundredThousandLinesKeepTheNewestAndScrollToTheOldest() {
        var scrollback = Scrollback()
        for index in 0..<100_010 { scrollback.append(ChatLine(kind: .info, text: "line \(index)")) }
        #expect(scrollback.count == 100_000)
        for _ in 0..<200 { scrollback.pageUp(width: 80, height: 40) }
        scrollback.scrollToTop(width: 80, height: 40)
        let top = scrollback.rows(width: 80, height: 40, utcOffsetSeconds: 0)
        #expect(top.count == 40)
        #expect(top.first?.text == "-- line 10")
        scrollback.pageDown(width: 80, height: 40)
        #expect(scrollback.rows(width: 80, height: 40, utcOffsetSeconds: 0).first?.text == "-- line 49")
        scrollback.scrollToBottom()
        #expect(scrollback.rows(width: 80, height: 40, utcOffsetSeconds: 0).last?.text == "-- line 100009")
    }
}
