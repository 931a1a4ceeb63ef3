#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LetsChatCore
import LetsChatServer

/// How `letschat` with no HOST settles on a room: it looks for rooms on the network for
/// `browseSeconds` (saying so in one line), then joins the only one, opens the picker when there are
/// several, or, when there is none, says so and offers to host one here.
///
/// Runs on the UI thread; the finder reports from its own thread through a `RoomWatch`. A finder that
/// cannot start (no network) counts as finding nothing, after a line saying why. Without a
/// usable terminal nothing can be picked: the rooms found are printed as `letschat --list` prints
/// them, and the start fails with a line saying why.
final class DiscoveryStart {
    /// What the start settled on.
    enum Result: Equatable {
        /// Join this room.
        case join(DiscoveredRoom)
        /// Host a room here, as `--serve` does.
        case host
        /// End the program with this exit status.
        case exit(Int32)
    }

    /// What the rooms found while browsing call for.
    enum Decision: Equatable {
        /// Exactly one room has a known address: join it.
        case join(DiscoveredRoom)
        /// Several have: let the user pick.
        case pick
        /// None has.
        case none
    }

    /// How long to look before deciding, in seconds: as long as `letschat --list` looks.
    static let browseSeconds = RoomListing.seconds
    /// The line shown while looking.
    static let searchingLine = "Looking for rooms on this network…"
    /// The line shown when nothing was found; it ends in the question.
    static let noneFoundLine = "No rooms found on this network (a typed address still works: letschat HOST; "
        + "Wi-Fi client isolation or a VPN can block discovery). Host a room here? [y/N] "

    /// The terminal the picker opened, for the chat to go on in; nil when no picker was shown.
    private(set) var terminal: Terminal?
    private let finder: any RoomFinder
    private let watch = RoomWatch()
    private let mouse: Bool
    private var finderRunning = false

    /// A start that looks with `finder`; `mouse` is passed on to the picker's terminal.
    init(finder: any RoomFinder, mouse: Bool) {
        self.finder = finder
        self.mouse = mouse
    }

    /// What `rooms`, found while browsing, call for; rooms whose address is not known yet do not count.
    static func decide(_ rooms: [DiscoveredRoom]) -> Decision {
        let reachable = rooms.filter { $0.endpoint != nil }
        switch reachable.count {
        case 0: return .none
        case 1: return .join(reachable[0])
        default: return .pick
        }
    }

    /// Looks, then decides (asking the user when it must); the finder is stopped when this returns.
    func run() -> Result {
        var unusable: TerminalError?
        do {
            try Terminal.checkUsable()
        } catch {
            unusable = error
        }
        if unusable == nil { Self.write(Self.searchingLine + "\n") }
        var rooms: [DiscoveredRoom] = []
        do {
            try watch.start(finder)
            finderRunning = true
            rooms = browse()
        } catch {
            // No network to look on (no interface with IPv4, say) is the same as no room found: the
            // user can still type an address or host a room here.
            ClientApp.complain("cannot look for rooms on this network: \(error)")
        }
        defer { stopFinder() }
        if let unusable { return listWithoutTerminal(rooms, because: unusable) }
        switch Self.decide(rooms) {
        case .join(let room):
            return .join(room)
        case .none:
            stopFinder()
            return askToHost() ? .host : .exit(1)
        case .pick:
            return pick(from: rooms)
        }
    }

    /// The newest list the finder reported within `browseSeconds`.
    private func browse() -> [DiscoveredRoom] {
        var rooms: [DiscoveredRoom] = []
        let deadline = MonotonicClock.now() + Self.browseSeconds
        var wake = pollfd(fd: watch.wake.readDescriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let left = deadline - MonotonicClock.now()
            if left <= 0 { break }
            wake.revents = 0
            if poll(&wake, 1, Int32((left * 1000).rounded(.up))) > 0, let newest = watch.take() { rooms = newest }
        }
        return rooms
    }

    private func listWithoutTerminal(_ rooms: [DiscoveredRoom], because problem: TerminalError) -> Result {
        let lines = rooms.map(RoomListing.line(for:))
        Self.write(lines.map { $0 + "\n" }.joined())
        ClientApp.complain("cannot show the room picker: \(problem.description); "
                           + (lines.isEmpty ? "and no rooms were found on this network (a typed address still works: letschat HOST)"
                              : "the rooms found are listed on standard output; join one with 'letschat ADDRESS --port PORT'"))
        return .exit(1)
    }

    private func askToHost() -> Bool {
        Self.write(Self.noneFoundLine)
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }

    private func pick(from rooms: [DiscoveredRoom]) -> Result {
        let terminal: Terminal
        do {
            terminal = try Terminal(mouse: mouse)
        } catch {
            ClientApp.complain(error.description)
            return .exit(1)
        }
        var picker = RoomPicker(rooms: rooms)
        if case .join(let room) = Self.runPicker(&picker, on: terminal, watch: watch) {
            self.terminal = terminal
            return .join(room)
        }
        terminal.close()
        return .exit(0)
    }

    /// The picker's loop, as the chat's: one `poll` on standard input, the watch's wake pipe and the
    /// signal pipe, no timer; applies what arrived, then draws once.
    private static func runPicker(_ picker: inout RoomPicker, on terminal: Terminal, watch: RoomWatch) -> RoomPicker.Outcome {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: watch.wake.readDescriptor, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: terminal.signalPipe.readDescriptor, events: Int16(POLLIN), revents: 0)]
        var size = terminal.size
        terminal.draw(picker.frame(columns: size.columns, rows: size.rows))
        while true {
            for index in fds.indices { fds[index].revents = 0 }
            if poll(&fds, nfds_t(fds.count), -1) < 0 && errno != EINTR { return .quit }
            if fds[2].revents != 0 && terminal.handleSignals() { return .quit }
            if fds[1].revents != 0, let rooms = watch.take() { picker.update(rooms) }
            if fds[0].revents != 0 {
                for key in terminal.readKeys() {
                    if let outcome = picker.apply(key) { return outcome }
                }
                // A terminal gone without SIGHUP stays readable forever (see the chat's loop).
                if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .quit }
            }
            size = terminal.size
            terminal.draw(picker.frame(columns: size.columns, rows: size.rows))
        }
    }

    private func stopFinder() {
        if finderRunning { finder.stop() }
        finderRunning = false
    }

    private static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
