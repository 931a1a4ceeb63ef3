/// Runs the room's flush passes one at a time, and merges the ones asked for meanwhile.
///
/// A pass catches every member up on the room's feed and sends each its queue. A thread that asks
/// for a pass while another thread runs one does not wait or run its own: it has the running pass go
/// round once more, and returns. Events fed during a pass thus reach each member in one enqueue and
/// one `send` in the next round, not in one pass (and one `send` per member) per event.
///
/// `lock` guards `running` and `again`; it is taken with no other lock held and released during the
/// pass itself.
final class FlushPasses: @unchecked Sendable {
    private let lock = Lock()
    private var running = false
    private var again = false

    /// No pass running.
    init() {}

    /// Runs `pass` now, and again while passes were asked for during it; or, if another thread is
    /// running passes, has it run one more, and returns at once.
    func run(_ pass: () -> Void) {
        lock.lock()
        if running {
            again = true
            lock.unlock()
            return
        }
        running = true
        repeat {
            again = false
            lock.unlock()
            pass()
            lock.lock()
        } while again
        running = false
        lock.unlock()
    }
}
