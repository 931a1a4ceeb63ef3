import Foundation

/// Runs one scenario against a server on loopback: connect and join, barrier, traffic, hold.
///
/// The calling thread steers: it moves the coordinator's phase on when the workers' counts say a
/// phase is over (or its share of the time limit is spent) and samples the server between phases.
public enum Benchmark {
    /// Runs `settings` and returns what was measured; throws only when the address cannot be used.
    public static func run(_ settings: BenchSettings) throws -> BenchResult {
        let address: BenchSocket.Address
        do { address = try BenchSocket.address(host: settings.host, port: settings.port) } catch {
            throw BenchError(description: "\(error)")
        }
        let fileLimit = BenchSocket.raiseFileLimit()
        if settings.clients + 64 > fileLimit {
            throw BenchError(description: "\(settings.clients) clients need more open files than the limit of \(fileLimit) (raise ulimit -n)")
        }
        var result = BenchResult(settings: settings)
        let deadline = BenchSocket.now() + Int64(settings.timeout * 1e9)
        let sample = { settings.serverPID.flatMap(ProcessSample.read(pid:)) }
        result.serverBefore = sample()
        let generatorCPUStart = BenchSocket.ownCPUSeconds()

        let coordinator = Coordinator()
        let threadCount = min(settings.threads, settings.clients)
        let workers = (0..<threadCount).map {
            Worker(number: $0, count: threadCount, settings: settings, coordinator: coordinator, address: address)
        }
        let finished = DispatchGroup()
        for (number, worker) in workers.enumerated() {
            finished.enter()
            let thread = Thread {
                worker.run()
                finished.leave()
            }
            thread.name = "letschat-bench \(number)"
            thread.start()
        }

        // Connect and join everyone.
        result.timedOutIn = waitUntil(deadline) {
            coordinator.joined.load(ordering: .relaxed) + coordinator.failed.load(ordering: .relaxed) >= settings.clients
        } ? nil : "connecting"
        result.joined = coordinator.joined.load(ordering: .relaxed)

        // Everything the server sent about the joins has arrived once each client's PING is answered.
        if result.timedOutIn == nil {
            result.barrierAnswered = barrier(round: 1, coordinator: coordinator, expected: result.joined, deadline: deadline)
            if result.barrierAnswered < result.joined - coordinator.dropped.load(ordering: .relaxed) { result.timedOutIn = "barrier" }
        }
        result.serverJoined = sample()

        if result.timedOutIn == nil && settings.senderCount > 0 && settings.messages > 0 {
            coordinator.trafficStart.store(BenchSocket.now() + 2_000_000, ordering: .releasing)
            coordinator.enter(.traffic)
            result.timedOutIn = waitForTraffic(settings, coordinator: coordinator, deadline: deadline) ? nil : "traffic"
            result.serverTraffic = sample()
        }

        if result.timedOutIn == nil && settings.hold > 0 {
            coordinator.enter(.hold)
            _ = waitUntil(min(deadline, BenchSocket.now() + Int64(settings.hold * 1e9))) { false }
            result.heldAnswered = barrier(round: 2, coordinator: coordinator, expected: result.joined, deadline: deadline)
            result.serverHeld = sample()
        }

        coordinator.enter(.done)
        finished.wait()
        result.generatorCPUSeconds = BenchSocket.ownCPUSeconds() - generatorCPUStart
        result.failed = coordinator.failed.load(ordering: .relaxed)
        result.registered = coordinator.registered.load(ordering: .relaxed)
        result.merge(workers.map(\.result))
        return result
    }

    /// Pings every joined client and waits for the answers of the `expected` joined (less those dropped since); returns how many answered.
    private static func barrier(round: Int, coordinator: Coordinator, expected: Int, deadline: Int64) -> Int {
        coordinator.answered.store(0, ordering: .relaxed)
        coordinator.barrierRound.store(round, ordering: .releasing)
        coordinator.enter(.barrier)
        _ = waitUntil(deadline) {
            coordinator.answered.load(ordering: .relaxed) >= expected - coordinator.dropped.load(ordering: .relaxed)
        }
        return coordinator.answered.load(ordering: .relaxed)
    }

    /// Waits until every delivery is in, or nothing new has arrived for `drain` seconds after the last send.
    private static func waitForTraffic(_ settings: BenchSettings, coordinator: Coordinator, deadline: Int64) -> Bool {
        var lastCount = -1
        var lastChange = BenchSocket.now()
        return waitUntil(deadline) {
            let count = coordinator.deliveries.load(ordering: .relaxed)
            if count >= settings.expectedDeliveries { return true }
            let now = BenchSocket.now()
            if count != lastCount {
                lastCount = count
                lastChange = now
            }
            let allSent = coordinator.sendersDone.load(ordering: .relaxed) >= settings.senderCount
            return allSent && now - lastChange > Int64(settings.drain * 1e9)
        }
    }

    /// Polls `condition` every millisecond until it holds (true) or `deadline` passes (false).
    private static func waitUntil(_ deadline: Int64, _ condition: () -> Bool) -> Bool {
        while !condition() {
            if BenchSocket.now() >= deadline { return false }
            BenchSocket.sleep(0.001)
        }
        return true
    }
}

/// Why a benchmark could not run.
public struct BenchError: Error, CustomStringConvertible {
    /// What went wrong, worded for the person running the benchmark.
    public let description: String
}
