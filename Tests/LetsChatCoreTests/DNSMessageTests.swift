@testable import LetsChatCore
import Testing

struct DNSMessageTests {
    private let service = DNSName("_irc._tcp.local")
    private let instance = DNSName(labels: ["letschat on alice.laptop", "_irc", "_tcp", "local"])
    private let host = DNSName("alice-laptop.local")

    private var response: DNSMessage {
        DNSMessage(flags: DNSMessage.responseFlags,
                   answers: [DNSRecord(name: service, ttl: 4500, data: .ptr(instance))],
                   additionals: [
                    DNSRecord(name: instance, ttl: 120, data: .srv(priority: 0, weight: 0, port: 55556, target: host), cacheFlush: true),
                    DNSRecord(name: instance, ttl: 4500, data: .txt(["txtvers=1", "channel=#letschat", "tls=AB"]), cacheFlush: true),
                    DNSRecord(name: host, ttl: 120, data: .a([192, 168, 1, 20]), cacheFlush: true),
                    DNSRecord(name: host, ttl: 120, data: .aaaa([0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1])),
                    DNSRecord(name: host, ttl: 120, data: .nsec(next: host, types: [1, 28, 300]), cacheFlush: true),
                    DNSRecord(name: host, ttl: 5, data: .unknown(type: 13, bytes: [3, 65, 66, 67, 0])),
                   ])
    }

    /// A header with the given counts and nothing else.
    private func header(questions: UInt16 = 0, answers: UInt16 = 0) -> [UInt8] {
        [0, 0, 0x84, 0, UInt8(questions >> 8), UInt8(questions & 0xFF), UInt8(answers >> 8), UInt8(answers & 0xFF), 0, 0, 0, 0]
    }

    @Test func aResponseWithEveryRecordTypeSurvivesARoundTrip() throws {
        let message = response
        let parsed = try DNSMessage(parsing: message.serialized())
        #expect(parsed == message)
        #expect(parsed.isResponse)
        #expect(parsed.additionals[0].cacheFlush && !parsed.additionals[3].cacheFlush)
        #expect(parsed.additionals[1].textPairs == ["txtvers": "1", "channel": "#letschat", "tls": "AB"])
    }

    @Test func questionsKeepTheirUnicastResponseBit() throws {
        let query = DNSMessage(questions: [DNSQuestion(name: service, type: DNSRecord.RecordType.ptr, unicastResponse: true),
                                           DNSQuestion(name: host, type: DNSRecord.RecordType.any)])
        let parsed = try DNSMessage(parsing: query.serialized())
        #expect(parsed == query)
        #expect(parsed.questions.map(\.unicastResponse) == [true, false])
        #expect(!parsed.isResponse)
    }

    @Test func repeatedNamesAreWrittenAsPointers() {
        var message = response
        // NSEC's next-name field is the one name never compressed (RFC 6762 §18.14).
        message.additionals.removeAll { $0.type == DNSRecord.RecordType.nsec }
        let bytes = message.serialized()
        let local = Array("\u{5}local".utf8)
        let copies = (0...(bytes.count - local.count)).filter { Array(bytes[$0..<$0 + local.count]) == local }.count
        #expect(copies == 1, "'local' should be written once and pointed to after that")
        let uncompressed = 12 + message.allRecords.reduce(0) { $0 + $1.name.wireLength + 10 } + 200
        #expect(bytes.count < uncompressed)
    }

    @Test func namesCompareIgnoringASCIICase() {
        #expect(DNSName("Alice-Laptop.LOCAL") == host)
        #expect(Set([DNSName("Alice-Laptop.LOCAL"), host]).count == 1)
        #expect(DNSName(labels: ["a.b", "local"]).description == "a.b.local")
        #expect(DNSName(labels: ["a.b", "local"]) != DNSName("a.b.local"))
    }

    @Test func aPointerThatLoopsIsRefused() {
        // Question name at 12: a pointer to itself.
        #expect(throws: DNSError.badPointer) { try DNSMessage(parsing: header(questions: 1) + [0xC0, 12, 0, 1, 0, 1]) }
        // A label, then a pointer back to that label: each pass would read it again.
        #expect(throws: DNSError.badPointer) { try DNSMessage(parsing: header(questions: 1) + [1, 65, 0xC0, 12, 0, 1, 0, 1]) }
        // A pointer forwards.
        #expect(throws: DNSError.badPointer) { try DNSMessage(parsing: header(questions: 1) + [0xC0, 14, 1, 65, 0, 0, 1, 0, 1]) }
    }

    @Test func aChainOfBackwardPointersEndsWithinTheHopLimit() throws {
        // Name 0 is "a"; each later name is a pointer to the one before it: a legal chain of 100 hops.
        var bytes = header(questions: 101) + [1, 97, 0, 0, 1, 0, 1]
        var previous = 12
        for _ in 0..<100 {
            let here = bytes.count
            bytes += [0xC0 | UInt8(previous >> 8), UInt8(previous & 0xFF), 0, 1, 0, 1]
            previous = here
        }
        #expect(throws: DNSError.badPointer) { try DNSMessage(parsing: bytes) }
        let short = try DNSMessage(parsing: Array(bytes.prefix(12 + 7 + 6 * 3)).enumerated().map { $0.offset == 5 ? 4 : $0.element })
        #expect(short.questions.map(\.name) == Array(repeating: DNSName("a"), count: 4))
    }

    @Test func truncatedMessagesAreRefusedAtEveryLength() {
        let bytes = response.serialized()
        for length in 0..<bytes.count {
            #expect(throws: DNSError.self) { try DNSMessage(parsing: Array(bytes.prefix(length))) }
        }
    }

    @Test func countsThatLieAreRefused() {
        #expect(throws: DNSError.truncated) { try DNSMessage(parsing: header(questions: 65535)) }
        #expect(throws: DNSError.truncated) { try DNSMessage(parsing: header(answers: 2) + [0, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4]) }
    }

    @Test func recordDataMustFitItsType() {
        // An A record with 3 bytes of data.
        #expect(throws: DNSError.badRecordData(type: 1)) {
            try DNSMessage(parsing: header(answers: 1) + [0, 0, 1, 0, 1, 0, 0, 0, 9, 0, 3, 1, 2, 3])
        }
        // A PTR record whose name runs past its declared length.
        #expect(throws: DNSError.self) {
            try DNSMessage(parsing: header(answers: 1) + [0, 0, 12, 0, 1, 0, 0, 0, 9, 0, 2, 3, 97, 98, 99, 0])
        }
        // A TXT string longer than the data.
        #expect(throws: DNSError.badRecordData(type: 16)) {
            try DNSMessage(parsing: header(answers: 1) + [0, 0, 16, 0, 1, 0, 0, 0, 9, 0, 2, 5, 97])
        }
    }

    @Test func namesOverTwoHundredFiftyFiveBytesAreRefused() {
        let label: [UInt8] = [63] + [UInt8](repeating: 97, count: 63)
        let name = label + label + label + label + [0]
        #expect(throws: DNSError.nameTooLong) { try DNSMessage(parsing: header(questions: 1) + name + [0, 1, 0, 1]) }
        let fits = label + label + label + [61] + [UInt8](repeating: 97, count: 61) + [0]
        #expect((try? DNSMessage(parsing: header(questions: 1) + fits + [0, 1, 0, 1])) != nil)
    }

    @Test func reservedLabelTypesAreRefused() {
        #expect(throws: DNSError.badLabel) { try DNSMessage(parsing: header(questions: 1) + [0x40, 0, 0, 1, 0, 1]) }
        #expect(throws: DNSError.badLabel) { try DNSMessage(parsing: header(questions: 1) + [0x80, 0, 0, 1, 0, 1]) }
    }

    @Test func anEmptyTextRecordReadsAsOneEmptyString() throws {
        let parsed = try DNSMessage(parsing: header(answers: 1) + [0, 0, 16, 0, 1, 0, 0, 0, 9, 0, 0])
        #expect(parsed.answers.first?.data == .txt([""]))
        #expect(try DNSMessage(parsing: parsed.serialized()) == parsed)
    }

    @Test func anNSECRecordListsItsTypesInOrder() throws {
        let record = DNSRecord(name: host, ttl: 120, data: .nsec(next: host, types: [47, 1, 28, 16]))
        let parsed = try DNSMessage(parsing: DNSMessage(answers: [record]).serialized())
        #expect(parsed.answers.first?.data == .nsec(next: host, types: [1, 16, 28, 47]))
    }

    @Test func validityFollowsTheLabelAndNameLimits() {
        #expect(host.isValid)
        #expect(!DNSName(labels: [String(repeating: "a", count: 64)]).isValid)
        #expect(!DNSName(labels: Array(repeating: String(repeating: "a", count: 63), count: 4)).isValid)
        #expect(!DNSName(labels: ["a", ""]).isValid)
    }
}
