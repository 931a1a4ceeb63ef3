import LetsChatCore
import Testing
@testable import TUI

@Suite struct ClientOptionsTests {
    @Test func withoutAHostTheClientLooksForRooms() {
        #expect(ClientOptions().host == nil)
        #expect(ClientOptions().announcedFingerprint == nil)
    }

    @Test func joiningADiscoveredRoomTakesItsFirstAddressPortChannelAndFingerprint() throws {
        var options = ClientOptions()
        options.nick = "alice"
        let room = DiscoveredRoom(instanceName: "team on alpha", hostName: "alpha.local", addresses: ["10.0.0.1", "fd00::1"],
                                  port: 6667, channel: "#team", tlsFingerprint: String(repeating: "0F", count: 32))
        let joined = try #require(options.joining(room))
        #expect(joined.host == "10.0.0.1")
        #expect(joined.alternateHosts == ["fd00::1"])
        #expect(joined.port == 6667)
        #expect(joined.channel == "#team")
        #expect(joined.announcedFingerprint == room.tlsFingerprint)
        #expect(joined.nick == "alice")
    }

    @Test func aRoomThatNamesNoChannelOrAnInvalidOneKeepsTheChannelAskedFor() throws {
        var options = ClientOptions()
        options.channel = "#mine"
        let silent = DiscoveredRoom(instanceName: "ngircd", hostName: "h.local", addresses: ["10.0.0.9"], port: 6667)
        #expect(try #require(options.joining(silent)).channel == "#mine")
        var odd = silent
        odd.channel = "no hash, spaces"
        #expect(try #require(options.joining(odd)).channel == "#mine")
    }

    @Test func aRoomWithoutAnAddressCannotBeJoined() {
        let room = DiscoveredRoom(instanceName: "x", hostName: "x.local", addresses: [], port: 1)
        #expect(ClientOptions().joining(room) == nil)
    }
}
