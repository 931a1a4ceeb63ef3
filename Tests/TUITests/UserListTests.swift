import Testing
@testable import TUI

@Suite struct UserListTests {
    @Test func keepsNicksSortedIgnoringCase() {
        var list = UserList(["carol", "bob", "Alice"])
        list.add("Bart")
        #expect(list.nicks == ["Alice", "Bart", "bob", "carol"])
        #expect(list.count == 4)
    }

    @Test func addingAPresentNickKeepsOneEntryWithTheNewestSpelling() {
        var list = UserList(["alice"])
        list.add("ALICE")
        #expect(list.nicks == ["ALICE"])
    }

    @Test func removeAndContainsIgnoreCase() {
        var list = UserList(["alice", "bob"])
        #expect(list.contains("BOB"))
        list.remove("Bob")
        #expect(!list.contains("bob"))
        list.remove("nobody")
        #expect(list.nicks == ["alice"])
    }

    @Test func renameKeepsTheListSorted() {
        var list = UserList(["alice", "bob", "carol"])
        list.rename("alice", to: "zed")
        #expect(list.nicks == ["bob", "carol", "zed"])
    }

    @Test func replaceAllStartsOver() {
        var list = UserList(["alice"])
        list.replaceAll(["dave", "bob", "Dave"])
        #expect(list.nicks == ["bob", "Dave"])
    }

    @Test func longestNickIsMeasuredInColumns() {
        #expect(UserList(["al", "bobby"]).longestNick == 5)
        #expect(UserList().longestNick == 0)
    }

    @Test func rowsStartWithAHeaderCountingTheUsers() {
        let rows = UserList(["bob", "alice", "me"]).rows(height: 10, width: 12, ownNick: "Me")
        #expect(rows.map(\.text) == ["Users (3)", "alice", "bob", "me"])
        #expect(rows[0].segments.map(\.style) == [.info])
        #expect(rows[3].segments.map(\.style) == [.own])
        #expect(rows[1].segments.map(\.style) == [.nick(NickColor.index(for: "alice"))])
    }

    @Test func headerAndNicksAreCutToTheWidth() {
        let rows = UserList(["averyveryverylongnick"]).rows(height: 5, width: 6, ownNick: nil)
        #expect(rows.map(\.text) == ["Users…", "avery…"])
    }

    @Test func whenNamesDoNotFitTheLastRowSaysHowManyMore() {
        let list = UserList((0..<10).map { "user\($0)" })
        let rows = list.rows(height: 5, width: 12, ownNick: nil)
        #expect(rows.map(\.text) == ["Users (10)", "user0", "user1", "user2", "+7 more"])
        #expect(list.rows(height: 11, width: 12, ownNick: nil).count == 11)
    }

    @Test func noRoomGivesNoRowsOrOnlyTheHeader() {
        let list = UserList(["alice"])
        #expect(list.rows(height: 0, width: 10, ownNick: nil).isEmpty)
        #expect(list.rows(height: 5, width: 0, ownNick: nil).isEmpty)
        #expect(list.rows(height: 1, width: 10, ownNick: nil).map(\.text) == ["Users (1)"])
    }
}
