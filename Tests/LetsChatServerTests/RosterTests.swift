@testable import LetsChatServer
import Testing

/// Who is connected and who is in the room: nicknames held once, join order, the NAMES list kept true.
struct RosterTests {
    private func member() -> Member {
        Member(outbound: Outbound(transport: PlainTransport(Socket(fd: -1)), limit: 0), host: "10.0.0.1", audience: .text)
    }

    // A copy lists the names, so the roster under test is not changed by looking.
    private func names(_ roster: Roster) -> String {
        var copy = roster
        return String(decoding: copy.nameList().short, as: UTF8.self)
    }

    @Test func aNicknameIsHeldByOneClientWhateverItsCase() {
        var roster = Roster()
        let alice = member(), other = member()
        let first = roster.claim("Alice", for: alice)
        let second = roster.claim("aLICE", for: other)
        #expect(first && !second)
        #expect(roster.holder(of: "ALICE") === alice)
        #expect(other.nick == nil)
    }

    @Test func claimingANewNicknameFreesTheOldOne() {
        var roster = Roster()
        let alice = member(), bob = member()
        _ = roster.claim("alice", for: alice)
        let renamed = roster.claim("alicia", for: alice)
        #expect(renamed && alice.nick == "alicia")
        #expect(roster.holder(of: "alice") == nil)
        let taken = roster.claim("alice", for: bob)
        #expect(taken)
        #expect(roster.count == 2)
    }

    @Test func thePeakCountsTheMostNicknamesHeldAtOnce() {
        var roster = Roster()
        let alice = member(), bob = member()
        _ = roster.claim("alice", for: alice)
        _ = roster.claim("bob", for: bob)
        roster.release(bob)
        #expect(roster.count == 1)
        #expect(roster.peak == 2)
    }

    @Test func theFirstInAnEmptyRoomIsItsOperatorAndNamesFollowJoinOrder() {
        var roster = Roster()
        let alice = member(), bob = member()
        _ = roster.claim("alice", for: alice)
        _ = roster.claim("bob", for: bob)
        roster.add(alice)
        roster.add(bob)
        #expect(alice.isOperator && !bob.isOperator)
        #expect(alice.inRoom && bob.inRoom)
        #expect(names(roster) == "@alice bob")
    }

    @Test func namesShowTheRoomAfterADepartureAndARename() {
        var roster = Roster()
        let alice = member(), bob = member(), carol = member()
        for (nick, who) in [("alice", alice), ("bob", bob), ("carol", carol)] {
            _ = roster.claim(nick, for: who)
            roster.add(who)
        }
        #expect(names(roster) == "@alice bob carol")
        roster.remove(bob)
        #expect(!bob.inRoom)
        #expect(names(roster) == "@alice carol")
        _ = roster.claim("caroline", for: carol)
        #expect(names(roster) == "@alice caroline")
    }

    @Test func aReleasedNicknameCanBeTakenByAnotherClient() {
        var roster = Roster()
        let alice = member(), bob = member()
        _ = roster.claim("alice", for: alice)
        roster.release(alice)
        let taken = roster.claim("alice", for: bob)
        #expect(taken)
        #expect(roster.holder(of: "alice") === bob)
    }
}
