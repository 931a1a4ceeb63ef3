@testable import LetsChatServer
import Testing

/// A batch says whom to send to once the room's lock is released: the room, some members, or both.
struct OutgoingBatchTests {
    private func member() -> Member {
        Member(outbound: Outbound(transport: PlainTransport(Socket(fd: -1)), limit: 0), host: "10.0.0.1", audience: .text)
    }

    @Test func anEmptyBatchHasNothingToSend() {
        #expect(OutgoingBatch().isEmpty)
        #expect(!OutgoingBatch(room: true, members: []).isEmpty)
    }

    @Test func aMemberAddedTwiceIsSentToOnce() {
        let alice = member()
        var batch = OutgoingBatch()
        batch.add(alice)
        batch.add(alice)
        #expect(batch.members.count == 1)
        #expect(!batch.room)
    }

    @Test func addingABatchKeepsTheRoomAndEveryMemberOfBoth() {
        let alice = member(), bob = member()
        var batch = OutgoingBatch(members: [alice])
        batch.add(OutgoingBatch(room: true, members: [bob]))
        batch.add(OutgoingBatch())
        #expect(batch.room)
        #expect(batch.members.map(ObjectIdentifier.init) == [alice, bob].map(ObjectIdentifier.init))
    }
}
