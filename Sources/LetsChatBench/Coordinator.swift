import Synchronization

/// What the main thread and the generator threads share: the phase and running counts.
///
/// The main thread moves the phase on; workers read it each time round their loop and add to the
/// counts. Everything is an atomic, so no lock is needed.
final class Coordinator: Sendable {
    /// Where the run is.
    enum Phase: Int {
        /// Opening connections, registering, joining.
        case connecting
        /// Pinging every client and waiting for the answers (everything sent before has arrived).
        case barrier
        /// Senders are sending.
        case traffic
        /// Clients sit idle.
        case hold
        /// Workers leave their loops.
        case done
    }

    private let phaseValue = Atomic<Int>(Phase.connecting.rawValue)
    /// The barrier round being waited for (1 after joining, 2 after holding).
    let barrierRound = Atomic<Int>(0)
    /// When traffic starts, in monotonic nanoseconds.
    let trafficStart = Atomic<Int64>(0)
    /// Clients that got 001.
    let registered = Atomic<Int>(0)
    /// Clients that got 366 for the channel.
    let joined = Atomic<Int>(0)
    /// Clients whose connection failed or was closed.
    let failed = Atomic<Int>(0)
    /// Clients that had joined and were disconnected afterwards.
    let dropped = Atomic<Int>(0)
    /// Clients that answered the current barrier round.
    let answered = Atomic<Int>(0)
    /// Benchmark messages received so far.
    let deliveries = Atomic<Int>(0)
    /// Senders that have sent all their messages.
    let sendersDone = Atomic<Int>(0)

    /// The current phase.
    var phase: Phase {
        Phase(rawValue: phaseValue.load(ordering: .acquiring)) ?? .done
    }

    /// Moves every worker to `phase`.
    func enter(_ phase: Phase) {
        phaseValue.store(phase.rawValue, ordering: .releasing)
    }
}
