import LetsChatCore
import Testing
@testable import TUI

/// Keys as `ChatSession` takes them: stopping a paced paste.
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
}
