#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// What the room remembers of its past: the recent events a newcomer is replayed, and the history
/// file, whose health it watches so that a failure is reported once, not once per event.
///
/// Guarded by `Room`'s lock, which also keeps the file's order the order events are delivered in.
struct RoomHistory {
    /// A recent event and its replay forms.
    private struct Recent {
        let event: RoomEvent
        var forms = EventForms()
    }

    private let store: HistoryStore?
    private let replayCount: Int
    private let log: @Sendable (String) -> Void
    private var recent: [Recent]
    private var failing = false

    /// Records into `store` and replays its last `replayCount` events (read back now) to newcomers.
    init(store: HistoryStore?, replayCount: Int, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.replayCount = replayCount
        self.log = log
        let past = store.map { HistoryStore.tail(path: $0.path, count: replayCount) } ?? []
        recent = past.map { Recent(event: $0) }
    }

    /// The last topic change among the recent events, which is how the topic survives a restart.
    var lastTopicChange: RoomEvent? {
        recent.last { $0.event.kind == .topic }?.event
    }

    /// Keeps `event` for replay and appends it to the file; returns a notice for everyone when
    /// saving has just started failing or works again.
    mutating func record(_ event: RoomEvent) -> String? {
        recent.append(Recent(event: event))
        // Trimmed in halves, so that a busy room does not shift the array on every event.
        if recent.count > max(replayCount, 1) * 2 { recent.removeFirst(recent.count - max(replayCount, 1)) }
        guard let store else { return nil }
        let saved = store.append(event)
        if !saved && !failing {
            failing = true
            log("cannot write history to \(store.path): \(String(cString: strerror(errno))); chat goes on unsaved")
            return "History is not being saved right now (the server cannot write its history file)."
        } else if saved && failing {
            failing = false
            log("history writes to \(store.path) work again")
            return "History is being saved again."
        }
        return nil
    }

    /// The last `replayCount` events in `audience`'s replay form. Each event is rendered once per
    /// audience and kept, so a crowd arriving together does not render the same history again and
    /// again under the lock.
    mutating func replay(for audience: Audience, renderer: EventRenderer) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in recent.indices.suffix(replayCount) {
            let event = recent[index].event
            bytes += recent[index].forms.bytes(for: audience) { renderer.replayBytes(for: $0, event) }
        }
        return bytes
    }

    /// Makes sure what the file holds is on disk.
    func sync() {
        store?.sync()
    }
}
