import LetsChatCore
import Testing
@testable import TUI

@Suite struct DiscoveryStartTests {
    private let alpha = RoomPickerTests.room("letschat on alpha", "10.0.0.1")
    private let beta = RoomPickerTests.room("letschat on beta", "fd00::2")
    private let unresolved = RoomPickerTests.room("letschat on gamma", nil)

    @Test func oneRoomIsJoinedSeveralArePickedAndNoneIsNone() {
        #expect(DiscoveryStart.decide([alpha]) == .join(alpha))
        #expect(DiscoveryStart.decide([alpha, beta]) == .pick)
        #expect(DiscoveryStart.decide([]) == .none)
    }

    @Test func roomsWhoseAddressIsNotKnownDoNotCount() {
        #expect(DiscoveryStart.decide([unresolved]) == .none)
        #expect(DiscoveryStart.decide([unresolved, beta]) == .join(beta))
    }

    @Test func theNoneFoundLineIsOneLineThatMentionsATypedAddressIsolationAVPNAndAsks() {
        let line = DiscoveryStart.noneFoundLine
        #expect(!line.contains("\n"))
        for part in ["letschat HOST", "client isolation", "VPN", "Host a room here? [y/N]"] {
            #expect(line.contains(part), "\(part)")
        }
    }
}
