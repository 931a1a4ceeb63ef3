import Foundation
import LetsChatCore
import Testing
@testable import TUI

@Suite struct RoomWatchTests {
    /// A finder that reports the lists it is given from a thread of its own, as the DNS-SD browser does.
    private final class ScriptedFinder: RoomFinder, @unchecked Sendable {
        let lists: [[DiscoveredRoom]]
        init(_ lists: [[DiscoveredRoom]]) { self.lists = lists }
        func start(onChange: @escaping @Sendable ([DiscoveredRoom]) -> Void) throws {
            let lists = self.lists
            Thread { for list in lists { onChange(list) } }.start()
        }
        func stop() {}
    }

    @Test func theUIThreadIsWokenAndTakesTheNewestListTheFinderPosted() throws {
        let watch = RoomWatch()
        let alpha = RoomPickerTests.room("letschat on alpha")
        let beta = RoomPickerTests.room("letschat on beta")
        try watch.start(ScriptedFinder([[alpha], [alpha, beta], [beta]]))
        var newest: [DiscoveredRoom] = []
        let deadline = Date(timeIntervalSinceNow: 10)
        while newest != [beta] && Date() < deadline {
            var wake = pollfd(fd: watch.wake.readDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&wake, 1, 1000) > 0 else { continue }
            if let list = watch.take() { newest = list }
        }
        #expect(newest == [beta])
        #expect(watch.take() == nil, "a list was handed out twice")
    }
}
