import Testing
@testable import LetsChatServer

@Suite struct RoomPasswordTests {
    @Test func theRightPasswordMatches() {
        #expect(RoomPassword("open sesame").matches("open sesame"))
    }

    @Test func aWrongPrefixLongerOrEmptyPasswordDoesNotMatch() {
        let password = RoomPassword("open sesame")
        for candidate in ["open", "open sesame!", "", "Open sesame", "open sesamf"] {
            #expect(!password.matches(candidate), "\(candidate) must not match")
        }
    }

    @Test func nonASCIIPasswordsCompareByBytes() {
        #expect(RoomPassword("pässwörd").matches("pässwörd"))
        #expect(!RoomPassword("pässwörd").matches("passwort"))
    }
}

/// A private room: only clients with the password get in.
@Suite struct PrivateRoomTests {
    private func privateRoom(_ configuration: inout ServerConfiguration) {
        configuration.password = "hunter2"
        configuration.passwordFailureDelay = 0.2
    }

    @Test func anIRCClientWithTheRightPassIsWelcomed() throws {
        try withServer(configure: privateRoom) { server in
            let client = try server.rawClient("alice")
            try client.irc("PASS hunter2")
            try client.irc("NICK alice")
            try client.irc("USER alice 0 * :Alice")
            try client.expectNumeric("001")
        }
    }

    @Test func anIRCClientWithoutTheRightPassIsRefusedAndDisconnected() throws {
        try withServer(configure: privateRoom) { server in
            let client = try server.rawClient("mallory")
            try client.irc("PASS guess")
            try client.irc("NICK mallory")
            try client.irc("USER mallory 0 * :Mallory")
            try client.expectNumeric("464")
            try client.expectClosed()
            #expect(!client.hasReceived { $0.contains(" 001 ") })
        }
    }

    @Test func aTextClientIsAskedForThePasswordAfterItsNickname() throws {
        try withServer(configure: privateRoom) { server in
            let good = try server.rawClient("carol")
            try good.expectPrompt("NICK")
            try good.send("carol\n")
            try good.expectPrompt("Password: ")
            try good.send("hunter2\n")
            try good.expect(containing: "-- Welcome to")

            let bad = try server.rawClient("eve")
            try bad.expectPrompt("NICK")
            try bad.send("eve\n")
            try bad.expectPrompt("Password: ")
            try bad.send("nope\n")
            try bad.expect(containing: "Wrong password")
            try bad.expectClosed()
        }
    }
}
