import Foundation
import LetsChatCore
import LetsChatDiscovery
import Testing
import TestSupport

/// The announcer in `letschat-server` under hostile and excessive traffic from another LAN host.
@Suite(.enabled(if: VirtualLAN.unusableReason == nil, "\(VirtualLAN.unusableReason ?? "")"))
struct ServiceAnnouncerLANTests {
    /// Packets a hostile LAN delivers: a pointer loop, a forward pointer, lying counts, a truncated
    /// record, a name over 255 bytes, random bytes.
    private static let junk: [[UInt8]] = {
        let header: (UInt16, UInt16) -> [UInt8] = { questions, answers in
            [0, 0, 0, 0, 0, UInt8(questions), 0, UInt8(answers), 0, 0, 0, 0]
        }
        let label = [63] + [UInt8](repeating: 97, count: 63)
        var packets: [[UInt8]] = [
            header(1, 0) + [0xC0, 12, 0, 12, 0, 1],
            header(1, 0) + [0xC0, 20, 0, 12, 0, 1],
            [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            header(0, 1) + [0, 0, 1, 0, 1, 0, 0, 0, 9, 0, 200, 1],
            header(1, 0) + label + label + label + label + [0, 0, 12, 0, 1],
        ]
        var generator = SystemRandomNumberGenerator()
        for size in 0..<100 {
            packets.append((0..<size * 9).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        return packets
    }()

    @Test func aFloodOfQueriesAndJunkIsAnsweredAtMostOnceASecondAndTheServerKeepsAnswering() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        let server = try RoomBrowserLANTests.startServer(on: lan, a, port: 6001)
        let instance = DNSName(labels: ["letschat on \(a.hostName)", "_irc", "_tcp", "local"])
        let answered = try lan.inNamespace(of: b) { () -> Int in
            let socket = try MulticastSocket()
            defer { socket.close() }
            let interface = try #require(socket.interfaces.first)
            // The second announcement goes out a second after the first; let it pass before counting.
            usleep(1_300_000)
            while socket.receive() != nil {}
            for packet in Self.junk { socket.sendMulticast(packet, on: interface) }
            let query = DNSMessage(questions: [DNSQuestion(name: RoomBrowser.serviceType, type: DNSRecord.RecordType.ptr)])
            var responses = 0
            let start = Date()
            var sent = 0
            while Date().timeIntervalSince(start) < 1.5 {
                if sent < 150 {
                    socket.sendMulticast(query.serialized(), on: interface)
                    sent += 1
                }
                usleep(10_000)
                while let datagram = socket.receive() {
                    guard let message = try? DNSMessage(parsing: datagram.bytes), message.isResponse else { continue }
                    if message.answers.contains(where: { $0.data == .ptr(instance) }) { responses += 1 }
                }
            }
            return responses
        }
        #expect((1...2).contains(answered), "150 identical queries in 1.5 s got \(answered) answers")
        #expect(server.isRunning)
        let outcome = try RoomBrowserLANTests.list(on: lan, b)
        #expect(outcome.output == "letschat on \(a.hostName)\t#letschat\t\(a.address):6001\n")
    }

    @Test func aKnownAnswerKeepsTheServerQuietAndAQueryWithoutOneIsAnswered() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try RoomBrowserLANTests.startServer(on: lan, a, port: 6001)
        let instance = DNSName(labels: ["letschat on \(a.hostName)", "_irc", "_tcp", "local"])
        let answered = try lan.inNamespace(of: b) { () -> [Int] in
            let socket = try MulticastSocket()
            defer { socket.close() }
            let interface = try #require(socket.interfaces.first)
            // Past the second announcement and the second after it, so the one-second limit is not what keeps it quiet.
            usleep(2_200_000)
            let question = DNSQuestion(name: RoomBrowser.serviceType, type: DNSRecord.RecordType.ptr)
            let known = DNSRecord(name: RoomBrowser.serviceType, ttl: 4000, data: .ptr(instance))
            return [DNSMessage(questions: [question], answers: [known]), DNSMessage(questions: [question])].map { query in
                while socket.receive() != nil {}
                socket.sendMulticast(query.serialized(), on: interface)
                var responses = 0
                let start = Date()
                while Date().timeIntervalSince(start) < 0.5 {
                    usleep(10_000)
                    while let datagram = socket.receive() {
                        if let message = try? DNSMessage(parsing: datagram.bytes), message.isResponse,
                           message.answers.contains(where: { $0.data == .ptr(instance) }) { responses += 1 }
                    }
                }
                return responses
            }
        }
        #expect(answered == [0, 1])
    }

    @Test func aLegacyUnicastQueryGetsItsIdBackWithShortTTLsAndNoCacheFlushBits() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try RoomBrowserLANTests.startServer(on: lan, a, port: 6001)
        let reply = try lan.inNamespace(of: b) { () -> DNSMessage? in
            // Port 0: an ordinary resolver's ephemeral port, not 5353.
            let socket = try MulticastSocket(port: 0)
            defer { socket.close() }
            let interface = try #require(socket.interfaces.first)
            usleep(2_200_000)
            let query = DNSMessage(id: 4242, questions: [DNSQuestion(name: RoomBrowser.serviceType, type: DNSRecord.RecordType.ptr)])
            socket.sendMulticast(query.serialized(), on: interface)
            let start = Date()
            while Date().timeIntervalSince(start) < 1 {
                usleep(10_000)
                while let datagram = socket.receive() {
                    if let message = try? DNSMessage(parsing: datagram.bytes), message.isResponse { return message }
                }
            }
            return nil
        }
        let message = try #require(reply, "no unicast reply")
        #expect(message.id == 4242)
        #expect(message.questions.map(\.name) == [RoomBrowser.serviceType])
        #expect(message.answers.contains { $0.type == DNSRecord.RecordType.ptr })
        #expect(message.allRecords.allSatisfy { $0.ttl <= 10 && !$0.cacheFlush })
    }
}
