import LetsChatCore
import Testing
@testable import TUI

@Suite struct ServerRepliesTests {
    @Test func theNetworkThreadStepsInOnlyForWhatCannotWaitForTheUI() {
        let stepping = Set(ServerReplies.table.filter { $0.value.step != nil }.keys)
        #expect(stepping == ["PING", "CAP", "001", "005", "NICK", "432", "433", "464"])
    }

    @Test func everyRowDoesSomething() {
        for (command, entry) in ServerReplies.table {
            #expect(entry.step != nil || entry.show != nil, "\(command) has an empty row")
        }
    }

    @Test(arguments: ["401", "482", "502"])
    func anErrorNumericWithoutARowIsShownAsAnError(code: String) throws {
        var driver = SessionDriver()
        try driver.join()
        #expect(ServerReplies.table[code] == nil)
        _ = try driver.receive(":srv \(code) alice target :Something went wrong")
        #expect(driver.pane.last == "20:00 !! target Something went wrong")
    }

    @Test(arguments: ["004", "251", "CAP", "PING", "MODE"])
    func linesWithNothingToShowLeaveThePaneAlone(command: String) throws {
        var driver = SessionDriver()
        try driver.join()
        let before = driver.pane
        _ = try driver.receive(":srv \(command) alice :whatever")
        #expect(driver.pane == before)
    }
}
