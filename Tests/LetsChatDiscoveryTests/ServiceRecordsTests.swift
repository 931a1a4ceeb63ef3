@testable import LetsChatDiscovery
import LetsChatCore
import Testing

struct ServiceRecordsTests {
    private let interface = MulticastInterface(name: "eth0", index: 2, address: [10, 77, 0, 1], netmask: [255, 255, 255, 0],
                                               addresses6: [[0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1],
                                                            [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1]])

    private func records(tls: String? = nil) -> ServiceRecords {
        ServiceRecords(channel: "#letschat", host: "alice-laptop", port: 55556, tlsFingerprint: tls)
    }

    @Test func theInstanceIsRoomOnHostAndItsServicePointsAtHostDotLocal() {
        let records = records(tls: "AB12")
        #expect(records.instanceName == DNSName(labels: ["letschat on alice-laptop", "_irc", "_tcp", "local"]))
        #expect(records.hostName == DNSName("alice-laptop.local"))
        let unique = records.uniqueRecords(on: interface)
        #expect(unique.contains { $0.data == .srv(priority: 0, weight: 0, port: 55556, target: DNSName("alice-laptop.local")) })
        #expect(unique.contains { $0.data == .txt(["txtvers=1", "channel=#letschat", "server=letschat", "tls=AB12"]) })
        #expect(unique.allSatisfy { $0.cacheFlush })
        #expect(records.sharedRecords.allSatisfy { !$0.cacheFlush })
    }

    @Test func addressRecordsAreTheInterfacesIPv4AndRoutableIPv6() {
        let addresses = records().addressRecords(on: interface).map(\.data)
        #expect(addresses == [.a([10, 77, 0, 1]), .aaaa([0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1])])
    }

    @Test func conflictsRenameTheInstanceWithANumberAndTheHostWithASuffix() {
        var records = records()
        records.instanceNumber = 2
        records.hostNumber = 3
        #expect(records.instanceLabel == "letschat on alice-laptop (2)")
        #expect(records.hostName == DNSName("alice-laptop-3.local"))
    }

    @Test func aLongInstanceLabelIsCutToSixtyThreeBytesBeforeItsNumber() {
        var records = ServiceRecords(channel: "#" + String(repeating: "r", count: 49), host: String(repeating: "h", count: 40),
                                     port: 1, tlsFingerprint: nil)
        records.instanceNumber = 12
        #expect(records.instanceLabel.utf8.count == 63)
        #expect(records.instanceLabel.hasSuffix("h (12)"))
        #expect(records.instanceName.isValid && records.hostName.isValid)
    }

    @Test func aBrowseQueryIsAnsweredWithThePointerAndEverythingNeededToConnect() {
        let records = records()
        let found = records.answers(to: DNSQuestion(name: ServiceRecords.service, type: DNSRecord.RecordType.ptr), on: interface)
        #expect(found.answers.map(\.data) == [.ptr(records.instanceName)])
        #expect(Set(found.additionals.map(\.type)) == [DNSRecord.RecordType.srv, DNSRecord.RecordType.txt, DNSRecord.RecordType.a,
                                                        DNSRecord.RecordType.aaaa, DNSRecord.RecordType.nsec])
        let types = records.answers(to: DNSQuestion(name: ServiceRecords.serviceTypes, type: DNSRecord.RecordType.ptr), on: interface)
        #expect(types.answers.map(\.data) == [.ptr(ServiceRecords.service)])
        #expect(records.answers(to: DNSQuestion(name: DNSName("_http._tcp.local"), type: DNSRecord.RecordType.ptr), on: interface)
            .answers.isEmpty)
    }

    @Test func aQuestionForATypeTheHostLacksGetsANegativeAnswer() {
        let records = records()
        let ipv4Only = MulticastInterface(name: "eth0", index: 2, address: [10, 77, 0, 1], netmask: [255, 255, 255, 0], addresses6: [])
        let found = records.answers(to: DNSQuestion(name: records.hostName, type: DNSRecord.RecordType.aaaa), on: ipv4Only)
        #expect(found.answers.isEmpty)
        #expect(found.additionals.map(\.data) == [.nsec(next: records.hostName, types: [DNSRecord.RecordType.a])])
    }

    @Test func theFirstProbeAsksForUnicastRepliesAndCarriesTheWantedRecords() {
        let records = records()
        let first = records.probe(on: interface, first: true)
        #expect(first.questions.map(\.type) == [DNSRecord.RecordType.any, DNSRecord.RecordType.any])
        #expect(first.questions.allSatisfy { $0.unicastResponse })
        #expect(!records.probe(on: interface, first: false).questions.contains { $0.unicastResponse })
        #expect(first.authorities.count == records.uniqueRecords(on: interface).count)
    }

    @Test func anotherServiceOrHostWithOurNameConflictsButThisMachinesOwnAddressesDoNot() {
        let records = records()
        let other = DNSRecord(name: records.instanceName, ttl: 120,
                              data: .srv(priority: 0, weight: 0, port: 6667, target: DNSName("bob.local")), cacheFlush: true)
        #expect(records.conflicts(other, on: interface, machineAddresses: []))
        let same = records.uniqueRecords(on: interface)[0]
        #expect(!records.conflicts(same, on: interface, machineAddresses: []))
        let avahiHere = DNSRecord(name: records.hostName, ttl: 120, data: .a([192, 168, 5, 5]), cacheFlush: true)
        #expect(!records.conflicts(avahiHere, on: interface, machineAddresses: [[192, 168, 5, 5]]))
        #expect(records.conflicts(avahiHere, on: interface, machineAddresses: []))
        var goodbye = other
        goodbye.ttl = 0
        #expect(!records.conflicts(goodbye, on: interface, machineAddresses: []))
    }
}
