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
