import LetsChatCore
@testable import LetsChatServer
import Testing

/// The room's NAMES list: both forms, cut into IRC-sized pieces, and kept true as people come and go.
@Suite struct RoomNamesTests {
    private let channel = TestServer.channel

    private func member(_ nick: String, user: String = "u", host: String = "10.0.0.1", isOperator: Bool = false) -> Member {
        let member = Member(outbound: Outbound(transport: PlainTransport(Socket(fd: -1)), limit: 0), host: host, audience: .text)
        member.nick = nick
        member.user = user
        member.isOperator = isOperator
        return member
    }

    @Test func theShortFormMarksOperatorsAndTheLongFormAddsUserAndHost() {
        var names = RoomNames()
        names.append(member("alice", user: "al", isOperator: true))
        names.append(member("bob", host: "::1"))
        #expect(String(decoding: names.short, as: UTF8.self) == "@alice bob")
        #expect(String(decoding: names.long, as: UTF8.self) == "@alice!al@10.0.0.1 bob!u@::1")
        #expect(names.nicks == ["alice", "bob"])
        #expect(names.count == 2)
    }

    @Test(arguments: [false, true])
    func piecesBreakAtSpacesWithinTheLimitAndKeepEveryNameInOrder(userHost: Bool) {
        var names = RoomNames()
        let nicks = (0..<200).map { "n\($0)" + String(repeating: "x", count: $0 % 9) }
        for nick in nicks { names.append(member(nick)) }
        let pieces = names.pieces(userHost: userHost, limit: 100)
        #expect(pieces.count > 10)
        #expect(pieces.allSatisfy { $0.count <= 100 && $0.first != UInt8(ascii: " ") && $0.last != UInt8(ascii: " ") })
        let listed = pieces.flatMap { $0.split(separator: UInt8(ascii: " ")) }.map { String(decoding: $0, as: UTF8.self) }
        #expect(listed.map { String($0.prefix { $0 != "!" }) } == nicks)
    }

    @Test func aNameLongerThanTheLimitGetsAPieceOfItsOwn() {
        var names = RoomNames()
        for nick in ["a", String(repeating: "b", count: 30), "c"] { names.append(member(nick)) }
        let pieces = names.pieces(userHost: false, limit: 10).map { String(decoding: $0, as: UTF8.self) }
        #expect(pieces == ["a", String(repeating: "b", count: 30), "c"])
    }

    @Test func namesShowTheRoomAsItIsAfterAQuitAPartAndARename() throws {
        try withServer { server in
            let alice = try server.ircClient("alice")
            let bob = try server.ircClient("bob")
            let carol = try server.ircClient("carol")
            let dave = try server.ircClient("dave")
            try bob.irc("QUIT :bye")
            try alice.expectIRC("bob's QUIT") { $0.command == "QUIT" }
            try carol.irc("PART \(channel)")
            try alice.expectIRC("carol's PART") { $0.command == "PART" }
            try dave.irc("NICK david")
            try alice.expectIRC("dave's new nick") { $0.command == "NICK" && $0.params == ["david"] }
            try alice.irc("NAMES \(channel)")
            #expect(try alice.expectNumeric("353").params.last == "@alice david")
            try carol.irc("JOIN \(channel)")
            #expect(try carol.expectNumeric("353").params.last == "@alice david carol")
        }
    }
}
