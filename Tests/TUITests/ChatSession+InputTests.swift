import LetsChatCore
import Testing
@testable import TUI

/// Keys as `ChatSession` takes them from `KeyBinding.table`, and stopping a paced paste.
@Suite struct ChatSessionInputTests {
    @Test func whileLinesAreBeingPacedOutTheStatusBarCountsThem() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.network(.sending(sent: 37, total: 200))
        #expect(driver.statusBar.contains("sending 37/200"))
        _ = driver.network(.sending(sent: 200, total: 200))
        #expect(!driver.statusBar.contains("sending"))
    }

    @Test(arguments: [Key.escape, .ctrl("u")])
    func escOrCtrlUStopsSendingAndThePaneSaysHowManyLinesWereDropped(key: Key) throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.network(.sending(sent: 37, total: 200))
        #expect(driver.press(key) == [.cancelSending])
        _ = driver.network(.sendCancelled(unsent: 163))
        #expect(driver.pane.last == "20:00 -- Stopped sending: 163 lines were not sent.")
        #expect(!driver.statusBar.contains("sending"))
    }

    @Test func ctrlUStopsSendingBeforeItCutsTheInputLine() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.press(.character("a"), .character("b"))
        _ = driver.network(.sending(sent: 1, total: 30))
        #expect(driver.press(.ctrl("u")) == [.cancelSending])
        #expect(driver.session.input.text == "ab")
        _ = driver.network(.sendCancelled(unsent: 29))
        #expect(driver.press(.ctrl("u")).isEmpty)
        #expect(driver.session.input.text == "")
    }

    @Test func escWithNothingWaitingChangesNothing() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.press(.character("a"))
        let before = driver.screen
        #expect(driver.press(.escape).isEmpty)
        #expect(driver.screen == before)
    }

    @Test func escDiscardsAPasteWaitingForEnter() throws {
        var driver = SessionDriver()
        try driver.join()
        _ = driver.press(.pasteStart, .character("a"), .enter, .character("b"), .pasteEnd)
        #expect(driver.press(.escape).isEmpty)
        #expect(driver.pane.last == "-- Paste discarded.")
        #expect(driver.sends(driver.press(.enter)).isEmpty)
    }

    @Test func homeAndEndScrollThePaneAndLeaveTheInputCursorAlone() throws {
        var driver = SessionDriver()
        try driver.join()
        for index in 0..<60 { _ = try driver.receive(":bob!bob@h PRIVMSG #letschat :line \(index)") }
        _ = driver.press(.character("h"), .character("i"), .left)
        _ = driver.press(.home)
        #expect(driver.session.scrollback.isScrolledBack)
        #expect(driver.session.input.cursor == 1)
        _ = driver.press(.end)
        #expect(!driver.session.scrollback.isScrolledBack)
        #expect(driver.session.input.cursor == 1)
        _ = driver.press(.ctrl("e"))
        #expect(driver.session.input.cursor == 2)
        _ = driver.press(.ctrl("a"))
        #expect(driver.session.input.cursor == 0)
    }

    @Test func everyEditingBindingReachesTheInputLine() throws {
        for binding in KeyBinding.table {
            guard case .edit(let edit) = binding.action else { continue }
            for key in binding.keys {
                var driver = SessionDriver()
                try driver.join()
                for character in "one two" { _ = driver.press(.character(character)) }
                _ = driver.press(.left, .left)
                var expected = driver.session.input
                expected.apply(edit)
                _ = driver.press(key)
                #expect(driver.session.input == expected, "\(key) did not \(edit)")
            }
        }
    }
}
