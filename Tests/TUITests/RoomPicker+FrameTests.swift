import LetsChatCore
import Testing
@testable import TUI

@Suite struct RoomPickerFrameTests {
    private let alpha = RoomPickerTests.room("letschat on alpha", "10.0.0.1")
    private let beta = RoomPickerTests.room("letschat on beta", "fd00::2", port: 6697, tls: String(repeating: "AB", count: 32))

    @Test func eachRoomIsARowWithItsNameHostAndAddressUnderTheColumnNames() {
        let picker = RoomPicker(rooms: [alpha, beta])
        let screen = picker.frame(columns: 80, rows: 10).text(columns: 80, rows: 10)
        #expect(screen[0].contains("2 rooms on this network"))
        let names = screen[1]
        let first = screen[2], second = screen[3]
        #expect(first.contains("letschat on alpha") && first.contains("alpha.local") && first.contains("10.0.0.1:55556"))
        #expect(second.contains("letschat on beta") && second.contains("beta.local") && second.contains("[fd00::2]:6697"))
        for (column, value) in [("Room", "letschat on"), ("Host", "alpha.local"), ("Address", "10.0.0.1")] {
            #expect(names.range(of: column)?.lowerBound.utf16Offset(in: names)
                    == first.range(of: value)?.lowerBound.utf16Offset(in: first), "\(column) is not above its values")
        }
        #expect(screen[9].contains("Enter") && screen[9].contains("Esc"))
    }

    @Test func aRoomThatAnnouncesTLSShowsALockAndOneThatDoesNotShowsNone() {
        let screen = RoomPicker(rooms: [alpha, beta]).frame(columns: 80, rows: 10).text(columns: 80, rows: 10)
        #expect(!screen[2].contains(RoomPicker.lock))
        #expect(screen[3].contains(RoomPicker.lock))
    }

    @Test func theSelectedRowIsInReverseVideoAcrossTheWholeWidthWithTheCursorOnIt() throws {
        var picker = RoomPicker(rooms: [alpha, beta])
        _ = picker.apply(.down)
        let frame = picker.frame(columns: 80, rows: 10)
        let selected = try #require(frame.rows.first { $0.y == 3 })
        #expect(selected.fill == .status && selected.width == 80)
        #expect(selected.row.segments.allSatisfy { $0.style == .status })
        #expect(selected.row.text.hasPrefix(">"))
        #expect(frame.rows.first { $0.y == 2 }?.fill == nil)
        #expect(frame.cursor == (0, 3))
    }

    @Test func noRowIsWiderThanANarrowTerminal() {
        let long = RoomPickerTests.room("a room with a very long instance name on some-host", "192.168.100.200",
                                        tls: "00")
        let frame = RoomPicker(rooms: [alpha, beta, long]).frame(columns: 40, rows: 8)
        for placed in frame.rows { #expect(placed.row.width <= 40, "\(placed.row.text)") }
        #expect(frame.rows.contains { $0.row.text.contains("…") })
    }

    @Test func theSelectionScrollsIntoViewWhenTheRoomsDoNotFit() {
        let rooms = (0..<10).map { RoomPickerTests.room("room \($0) on host\($0)", "10.0.0.\($0)") }
        var picker = RoomPicker(rooms: rooms)
        for _ in 0..<7 { _ = picker.apply(.down) }
        let screen = picker.frame(columns: 60, rows: 6).text(columns: 60, rows: 6)
        #expect(screen[4].hasPrefix("> ") && screen[4].contains("room 7"))
        #expect(!screen.joined().contains("room 0"))
    }

    @Test func anEmptyListSaysItIsStillLooking() {
        let screen = RoomPicker().frame(columns: 60, rows: 6).text(columns: 60, rows: 6)
        #expect(screen[0].contains("0 rooms on this network"))
        #expect(screen[2].contains("still looking"))
    }

    @Test func aRoomWithoutAnAddressYetSaysResolvingInDimText() throws {
        let frame = RoomPicker(rooms: [alpha, RoomPickerTests.room("letschat on zeta", nil)]).frame(columns: 80, rows: 6)
        let row = try #require(frame.rows.first { $0.y == 3 })
        #expect(row.row.text.contains("resolving…") && row.row.segments.allSatisfy { $0.style == .dim })
    }

    @Test func aTooSmallTerminalGetsOneLineSayingSo() {
        let frame = RoomPicker(rooms: [alpha]).frame(columns: 30, rows: 3)
        #expect(frame.rows.count == 1 && frame.rows[0].row.text.hasPrefix("Terminal too small"))
    }
}
