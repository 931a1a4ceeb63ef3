import Testing
@testable import LetsChatBench
import LetsChatServer

/// A small run against an in-process server: every client joins and every message arrives.
/// Figures of time are printed by the tool, never asserted here.
@Suite struct BenchmarkTests {
    @Test func everyClientJoinsAndEveryMessageArrives() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.historyPath = nil
        configuration.floodRate = 0
        configuration.maxConnectionsPerAddress = 0
        configuration.detectMilliseconds = 200
        let server = try Server(configuration: configuration, log: { _ in })
        server.start()
        defer { server.stop() }

        var settings = BenchSettings()
        settings.port = server.port
        settings.clients = 12
        settings.connectAtOnce = 5
        settings.senders = 3
        settings.messages = 20
        settings.threads = 2
        settings.hold = 0.1
        settings.timeout = 60
        let result = try Benchmark.run(settings)

        #expect(result.timedOutIn == nil)
        #expect(result.joined == 12)
        #expect(result.failed == 0)
        #expect(result.deliveries == 3 * 20 * 11)
        #expect(result.lost == 0)
        #expect(result.senderLatency?.count == 3 * 20 * 2)
        #expect(result.heldAnswered == 12)
        #expect(result.report.contains("messages_lost 0"))
    }

    @Test func refusesAddressesOffThisMachine() {
        var settings = BenchSettings()
        settings.host = "192.168.1.5"
        #expect(settings.problem() != nil)
        settings.host = "127.0.0.1"
        #expect(settings.problem() == nil)
    }
}
