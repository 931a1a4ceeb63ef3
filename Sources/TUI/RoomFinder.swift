import LetsChatCore
import LetsChatDiscovery

/// What finds rooms on the network for `letschat` with no HOST: DNS-SD's `RoomBrowser`, or a stand-in
/// in tests.
public protocol RoomFinder: AnyObject {
    /// Starts looking; `onChange` gets the whole current list, on the finder's own thread, each time
    /// it changes (a room announced, resolved, gone by goodbye or expiry).
    func start(onChange: @escaping @Sendable ([DiscoveredRoom]) -> Void) throws
    /// Stops looking.
    func stop()
}

/// The finder `letschat` uses: DNS-SD over multicast DNS.
extension RoomBrowser: RoomFinder {}
