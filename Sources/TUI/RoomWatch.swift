import LetsChatCore
import Synchronization

/// The room finder's hand-off to the UI thread, as `NetworkClient`'s inbox is the network thread's:
/// the finder's thread posts each new list of rooms and wakes the UI through `wake`; the UI thread,
/// blocked in `poll` on `wake.readDescriptor`, drains it and takes the newest list. Only the newest
/// matters, since each list is whole.
final class RoomWatch: Sendable {
    /// Readable when a list was posted.
    let wake = WakePipe()
    /// Guards the newest list posted and not taken yet.
    private let newest = Mutex<[DiscoveredRoom]?>(nil)

    /// Creates a watch with nothing posted.
    init() {}

    /// Starts `finder`, posting each list it reports.
    func start(_ finder: any RoomFinder) throws {
        try finder.start { [self] rooms in post(rooms) }
    }

    /// Called on the finder's thread: keeps `rooms` as the newest list and wakes the UI thread.
    func post(_ rooms: [DiscoveredRoom]) {
        newest.withLock { $0 = rooms }
        wake.signal()
    }

    /// Called on the UI thread after `wake` was readable: empties the pipe and returns the newest
    /// list posted since the last call, or nil when none was.
    func take() -> [DiscoveredRoom]? {
        wake.drain()
        return newest.withLock { newest in
            defer { newest = nil }
            return newest
        }
    }
}
