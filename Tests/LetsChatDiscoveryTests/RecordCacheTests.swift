@testable import LetsChatDiscovery
import LetsChatCore
import Testing

struct RecordCacheTests {
    private let service = DNSName("_irc._tcp.local")
    private let instance = DNSName(labels: ["letschat on alice", "_irc", "_tcp", "local"])
    private let host = DNSName("alice.local")

    private func roomRecords(ttl: UInt32 = 120, port: UInt16 = 6667) -> [DNSRecord] {
        [DNSRecord(name: service, ttl: ttl, data: .ptr(instance)),
         DNSRecord(name: instance, ttl: ttl, data: .srv(priority: 0, weight: 0, port: port, target: host), cacheFlush: true),
         DNSRecord(name: instance, ttl: ttl, data: .txt(["txtvers=1", "channel=#letschat", "server=letschat", "tls=\(String(repeating: "ab", count: 32))"]),
                   cacheFlush: true),
         DNSRecord(name: host, ttl: ttl, data: .a([10, 77, 0, 1]), cacheFlush: true)]
    }

    @Test func aPointerServiceTextAndAddressMakeARoom() {
        var cache = RecordCache()
        cache.add(roomRecords(), now: 0)
        #expect(cache.rooms(of: service) == [DiscoveredRoom(
            instanceName: "letschat on alice", hostName: "alice.local", addresses: ["10.77.0.1"], port: 6667,
            channel: "#letschat", tlsFingerprint: String(repeating: "AB", count: 32), isLetsChat: true)])
        #expect(cache.rooms(of: service).first?.endpoint == "10.77.0.1:6667")
        #expect(cache.missingQuestions(for: service).isEmpty)
    }

    @Test func aPointerAloneAsksForServiceTextAndThenTheAddress() {
        var cache = RecordCache()
        cache.add([roomRecords()[0]], now: 0)
        #expect(cache.rooms(of: service).isEmpty)
        #expect(Set(cache.missingQuestions(for: service)) == [DNSQuestion(name: instance, type: DNSRecord.RecordType.srv),
                                                               DNSQuestion(name: instance, type: DNSRecord.RecordType.txt)])
        cache.add(Array(roomRecords()[1...2]), now: 0.1)
        #expect(cache.missingQuestions(for: service) == [DNSQuestion(name: host, type: DNSRecord.RecordType.a)])
        #expect(cache.rooms(of: service).first?.endpoint == nil)
    }

    @Test func aGoodbyeRemovesTheRoomOneSecondLater() {
        var cache = RecordCache()
        cache.add(roomRecords(), now: 0)
        cache.add(roomRecords(ttl: 0), now: 5)
        let early = cache.expire(now: 5.5)
        #expect(!early)
        #expect(cache.rooms(of: service).count == 1)
        let late = cache.expire(now: 6.01)
        #expect(late)
        #expect(cache.rooms(of: service).isEmpty)
    }

    @Test func recordsExpireWithTheirTTLAndAreRefreshedAtEightyPercent() {
        var cache = RecordCache()
        cache.add(roomRecords(ttl: 10), now: 0)
        #expect(cache.nextEvent == 8)
        let early = cache.refreshQuestions(now: 7.9)
        let due = cache.refreshQuestions(now: 8)
        let again = cache.refreshQuestions(now: 8.5)
        #expect(early.isEmpty && due.count == 4 && again.isEmpty)
        #expect(cache.nextEvent == 10)
        let expired = cache.expire(now: 10)
        #expect(expired)
        #expect(cache.entries.isEmpty)
    }

    @Test func aCacheFlushRecordReplacesAnOlderAddressAfterOneSecond() {
        var cache = RecordCache()
        cache.add(roomRecords(), now: 0)
        cache.add([DNSRecord(name: host, ttl: 120, data: .a([10, 77, 0, 9]), cacheFlush: true)], now: 5)
        _ = cache.expire(now: 6.5)
        #expect(cache.rooms(of: service).first?.addresses == ["10.77.0.9"])
    }

    @Test func knownAnswersAreThoseWithMoreThanHalfTheirTTLLeft() {
        var cache = RecordCache()
        cache.add(roomRecords(ttl: 100), now: 0)
        let question = DNSQuestion(name: service, type: DNSRecord.RecordType.ptr)
        #expect(cache.knownAnswers(to: question, now: 40).map(\.ttl) == [60])
        #expect(cache.knownAnswers(to: question, now: 60).isEmpty)
    }

    @Test func linkLocalIPv6AddressesAreLeftOutAndOthersFollowIPv4() {
        #expect(RecordCache.numeric(.aaaa([0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1])) == nil)
        #expect(RecordCache.numeric(.aaaa([0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1])) == "2001:db8::1")
        #expect(RecordCache.numeric(.a([192, 168, 1, 20])) == "192.168.1.20")
    }

    @Test func aFingerprintMustBeSixtyFourHexDigitsColonsAllowed() {
        #expect(RecordCache.fingerprint(String(repeating: "0a", count: 32)) == String(repeating: "0A", count: 32))
        #expect(RecordCache.fingerprint(Array(repeating: "0A", count: 32).joined(separator: ":")) == String(repeating: "0A", count: 32))
        #expect(RecordCache.fingerprint("AB12") == nil)
        #expect(RecordCache.fingerprint(String(repeating: "zz", count: 32)) == nil)
    }

    @Test func namesFromTheLANCannotSteerTheTerminalOrBreakALine() {
        let evil = DNSName(labels: ["bad\u{1B}[2Jroom\ton\nhost", "_irc", "_tcp", "local"])
        var cache = RecordCache()
        cache.add([DNSRecord(name: service, ttl: 120, data: .ptr(evil)),
                   DNSRecord(name: evil, ttl: 120, data: .srv(priority: 0, weight: 0, port: 1, target: host)),
                   DNSRecord(name: evil, ttl: 120, data: .txt(["channel=#a\u{7}b"]))], now: 0)
        let room = cache.rooms(of: service).first
        #expect(room?.instanceName == "badroom onhost")
        #expect(room?.channel == "#ab")
    }

    @Test func aFloodOfMadeUpRecordsStopsAtTheCacheCapacity() {
        var cache = RecordCache()
        let records = (0..<(RecordCache.capacity + 100)).map {
            DNSRecord(name: DNSName("h\($0).local"), ttl: 120, data: .a([10, 0, UInt8($0 >> 8 & 0xFF), UInt8($0 & 0xFF)]))
        }
        cache.add(records, now: 0)
        #expect(cache.entries.count == RecordCache.capacity)
    }
}
