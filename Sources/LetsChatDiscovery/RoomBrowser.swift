#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// Finds the `_irc._tcp` rooms on the LAN by DNS-SD over multicast DNS (RFC 6762, RFC 6763): any
/// service of that type, LetsChat or not.
///
/// It asks for `_irc._tcp.local` PTR records (again after 1, 2, 4… seconds, with the answers it
/// knows so responders stay quiet about them), asks for what a room still lacks (SRV, TXT, the
/// host's A record), and keeps every record for its TTL, so a room that says goodbye, or stops
/// answering, leaves the list. Everything runs on one thread (`lc-mdns-browse`) blocked in `poll`.
///
/// Thread-safety: `start`, `stop` and `rooms` may be called from any thread; `lock` guards `current`
/// and `loop`. `onChange` is called on the browser's own thread.
public final class RoomBrowser: @unchecked Sendable {
    /// The DNS-SD service type browsed for.
    public static let serviceType = DNSName("_irc._tcp.local")

    private let lock = DiscoveryLock()
    private var current: [DiscoveredRoom] = []
    private var loop: DiscoveryLoop?

    /// A browser that is not running yet.
    public init() {}

    /// Starts browsing; `onChange` gets the whole current list, on the browser's thread, each time
    /// it changes. Throws when multicast DNS cannot run (UDP port 5353, no interface with IPv4).
    public func start(onChange: @escaping @Sendable ([DiscoveredRoom]) -> Void) throws {
        try lock.withLock { () throws(DiscoveryError) in
            guard loop == nil else { return }
            let socket = try MulticastSocket()
            let session = BrowseSession(socket: socket) { [weak self] rooms in
                guard let self else { return }
                // After `stop` (even one called from `onChange` itself), nothing more is reported.
                let running = lock.withLock { () -> Bool in
                    guard loop != nil else { return false }
                    current = rooms
                    return true
                }
                if running { onChange(rooms) }
            }
            let started = DiscoveryLoop(name: "lc-mdns-browse", socket: socket, handler: session)
            try started.start()
            loop = started
        }
    }

    /// Stops browsing and waits for the thread to end (called from `onChange`, it does not wait);
    /// `onChange` is not called afterwards. `rooms` keeps the last list.
    public func stop() {
        let running = lock.withLock { () -> DiscoveryLoop? in
            defer { loop = nil }
            return loop
        }
        running?.stop()
    }

    /// The rooms known now.
    public var rooms: [DiscoveredRoom] {
        lock.withLock { current }
    }

    /// Browses for `seconds` and returns the rooms found (empty when multicast DNS cannot run).
    public static func browse(seconds: Double) -> [DiscoveredRoom] {
        (try? browseReportingErrors(seconds: seconds)) ?? []
    }

    /// Browses for `seconds` and returns the rooms found; throws when multicast DNS cannot run.
    public static func browseReportingErrors(seconds: Double) throws -> [DiscoveredRoom] {
        let browser = RoomBrowser()
        try browser.start { _ in }
        var rest = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var left = timespec()
        while nanosleep(&rest, &left) != 0 && errno == EINTR { rest = left }
        browser.stop()
        return browser.rooms
    }
}
