import Testing
@testable import TUI

@Suite struct LayoutTests {
    @Test func aWideTerminalShowsTheSidebarOnTheRight() {
        let layout = Layout(columns: 100, rows: 30, wantsSidebar: true, longestNick: 8)
        #expect(!layout.isTooSmall)
        #expect(layout.messages == Rect(x: 0, y: 0, width: 87, height: 28))
        #expect(layout.separator == Rect(x: 87, y: 0, width: 1, height: 28))
        #expect(layout.sidebar == Rect(x: 88, y: 0, width: 12, height: 28))
        #expect(layout.status == Rect(x: 0, y: 28, width: 100, height: 1))
        #expect(layout.input == Rect(x: 0, y: 29, width: 100, height: 1))
    }

    @Test func theTypingRowSitsBetweenTheStatusBarAndTheInputLine() {
        let layout = Layout(columns: 100, rows: 30, wantsSidebar: true, longestNick: 8, typingRow: true)
        #expect(layout.messages == Rect(x: 0, y: 0, width: 87, height: 27))
        #expect(layout.sidebar == Rect(x: 88, y: 0, width: 12, height: 27))
        #expect(layout.status == Rect(x: 0, y: 27, width: 100, height: 1))
        #expect(layout.typing == Rect(x: 0, y: 28, width: 100, height: 1))
        #expect(layout.input == Rect(x: 0, y: 29, width: 100, height: 1))
        #expect(Layout(columns: 100, rows: 30, wantsSidebar: true, longestNick: 8).typing.isEmpty)
    }

    @Test(arguments: [(0, 12), (5, 12), (10, 12), (11, 13), (18, 20), (30, 20)])
    func sidebarIsTheLongestNickPlusTwoWithin12To20(longestNick: Int, width: Int) {
        #expect(Layout.sidebarWidth(longestNick: longestNick) == width)
        #expect(Layout(columns: 200, rows: 50, wantsSidebar: true, longestNick: longestNick).sidebar.width == width)
    }

    @Test func theSidebarHidesBelowSixtyColumns() {
        let layout = Layout(columns: 59, rows: 30, wantsSidebar: true, longestNick: 3)
        #expect(!layout.showsSidebar)
        #expect(layout.messages.width == 59)
        #expect(layout.separator.isEmpty)
    }

    @Test func theSidebarHidesRatherThanSqueezeThePaneUnderForty() {
        #expect(!Layout(columns: 60, rows: 30, wantsSidebar: true, longestNick: 18).showsSidebar)
        let roomy = Layout(columns: 61, rows: 30, wantsSidebar: true, longestNick: 18)
        #expect(roomy.showsSidebar)
        #expect(roomy.messages.width == 40)
    }

    @Test func theSidebarStaysHiddenWhenNotWanted() {
        #expect(!Layout(columns: 200, rows: 50, wantsSidebar: false, longestNick: 5).showsSidebar)
    }

    @Test(arguments: [(0, 0), (1, 1), (19, 5), (20, 4), (-3, 10)])
    func aTooSmallTerminalGetsOnlyEmptyRectangles(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows, wantsSidebar: true, longestNick: 5)
        #expect(layout.isTooSmall)
        for rect in [layout.messages, layout.separator, layout.sidebar, layout.status, layout.input] {
            #expect(rect.isEmpty)
        }
    }

    @Test func theMinimumSizeIsDrawn() {
        let layout = Layout(columns: Layout.minimumColumns, rows: Layout.minimumRows, wantsSidebar: true,
                            longestNick: 5)
        #expect(!layout.isTooSmall)
        #expect(layout.messages == Rect(x: 0, y: 0, width: 20, height: 3))
    }

    @Test func noSizeGivesANegativeOverlappingOrOutOfBoundsRectangle() {
        var problems: [String] = []
        for columns in 0...300 {
            for rows in 0...100 {
                for wants in [true, false] {
                    let layout = Layout(columns: columns, rows: rows, wantsSidebar: wants, longestNick: columns % 25)
                    let rects = [layout.messages, layout.separator, layout.sidebar, layout.status, layout.input]
                    var area = 0
                    for (index, rect) in rects.enumerated() {
                        if rect.x < 0 || rect.y < 0 || rect.width < 0 || rect.height < 0 {
                            problems.append("negative \(rect) at \(columns)x\(rows)")
                        }
                        if !rect.isEmpty {
                            if rect.x + rect.width > columns || rect.y + rect.height > rows {
                                problems.append("outside \(rect) at \(columns)x\(rows)")
                            }
                            area += rect.width * rect.height
                        }
                        if rects[(index + 1)...].contains(where: rect.overlaps) {
                            problems.append("overlap \(rect) at \(columns)x\(rows)")
                        }
                    }
                    if area != (layout.isTooSmall ? 0 : columns * rows) {
                        problems.append("covers \(area) cells at \(columns)x\(rows)")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test func rectanglesThatShareACellOverlap() {
        #expect(Rect(x: 0, y: 0, width: 2, height: 2).overlaps(Rect(x: 1, y: 1, width: 2, height: 2)))
        #expect(!Rect(x: 0, y: 0, width: 2, height: 2).overlaps(Rect(x: 2, y: 0, width: 2, height: 2)))
        #expect(!Rect(x: 0, y: 0, width: 2, height: 2).overlaps(Rect(x: 1, y: 1, width: 0, height: 2)))
    }
}
