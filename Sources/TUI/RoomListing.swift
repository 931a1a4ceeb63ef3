import Foundation
import LetsChatCore
import LetsChatDiscovery

/// `letschat --list`: browses the LAN for a moment and prints the rooms found, one per line.
public enum RoomListing {
    /// How long `--list` listens for answers: long enough for responders' replies and follow-ups.
    public static let seconds = 1.5

    /// One room's line: instance name, channel (`-` when the service does not say), and
    /// `ADDRESS:PORT` (IPv6 as `[ADDRESS]:PORT`; the host name when no address came), tab-separated.
    public static func line(for room: DiscoveredRoom) -> String {
        [room.instanceName, room.channel ?? "-", room.endpoint ?? "\(room.hostName):\(room.port)"].joined(separator: "\t")
    }

    /// Browses, prints the rooms to standard output and returns the exit status: 0 when it found
    /// any, 1 when not (with a one-line reason on standard error).
    public static func run(seconds: Double = RoomListing.seconds) -> Int32 {
        let rooms: [DiscoveredRoom]
        do {
            rooms = try RoomBrowser.browseReportingErrors(seconds: seconds)
        } catch {
            complain("cannot look for rooms on the LAN: \(error)")
            return 1
        }
        guard !rooms.isEmpty else {
            complain("no rooms found on the LAN in \(seconds) s (a firewall blocking UDP 5353, Wi-Fi client isolation "
                     + "or a VPN can hide them; 'letschat HOST' still joins by address)")
            return 1
        }
        print(rooms.map(line(for:)).joined(separator: "\n"))
        return 0
    }

    private static func complain(_ text: String) {
        FileHandle.standardError.write(Data("letschat: \(text)\n".utf8))
    }
}
