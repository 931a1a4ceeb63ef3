import LetsChatCore

/// The records one announced room owns, and what to answer from them: plain data, no I/O.
///
/// For room `letschat` on host `alice-laptop`: `_irc._tcp.local` PTR `letschat on alice-laptop._irc._tcp.local`,
/// `_services._dns-sd._udp.local` PTR `_irc._tcp.local` (both shared, TTL 4500 s), and, unique with
/// the cache-flush bit, the instance's SRV (TTL 120 s, to `alice-laptop.local` and the port) and TXT
/// (TTL 4500 s), and the host's A and AAAA records for the interface the packet goes out on (120 s).
/// A name conflict moves the instance to `… (2)`, `… (3)`, and the host to `alice-laptop-2.local`.
struct ServiceRecords {
    /// The DNS-SD service type.
    static let service = DNSName("_irc._tcp.local")
    /// The DNS-SD meta-query name that lists service types (RFC 6763 §9).
    static let serviceTypes = DNSName("_services._dns-sd._udp.local")
    /// TTL of records naming a host (SRV, A, AAAA), as RFC 6762 §10 recommends.
    static let hostTTL: UInt32 = 120
    /// TTL of the other records.
    static let otherTTL: UInt32 = 4500

    /// The room's name without `#`.
    var room: String
    /// The first label of this machine's host name.
    var host: String
    /// The TCP port the room listens on.
    var port: UInt16
    /// TXT strings: `txtvers=1`, `channel=…`, `server=letschat`, `tls=…` when given.
    var text: [String]
    /// 1 for the first choice of instance name; n for `… (n)` after conflicts.
    var instanceNumber = 1
    /// 1 for the first choice of host name; n for `HOST-n.local` after conflicts.
    var hostNumber = 1

    /// Records for `channel`'s room on `host` at `port`, with the certificate's fingerprint if any.
    init(channel: String, host: String, port: UInt16, tlsFingerprint: String?) {
        room = channel.hasPrefix("#") ? String(channel.dropFirst()) : channel
        self.host = host
        self.port = port
        text = ["txtvers=1", "channel=\(channel)", "server=letschat"] + (tlsFingerprint.map { ["tls=\($0)"] } ?? [])
    }

    /// The instance label as people read it, cut so the label stays within 63 bytes.
    var instanceLabel: String {
        let suffix = instanceNumber == 1 ? "" : " (\(instanceNumber))"
        let budget = 63 - suffix.utf8.count
        var label = "\(room) on \(host)"
        while label.utf8.count > budget { label.removeLast() }
        return label + suffix
    }

    /// The full instance name.
    var instanceName: DNSName {
        Self.service.prepending(instanceLabel)
    }

    /// The host's name, `HOST.local` or `HOST-n.local`.
    var hostName: DNSName {
        let suffix = hostNumber == 1 ? "" : "-\(hostNumber)"
        var label = host
        while label.utf8.count > 63 - suffix.utf8.count { label.removeLast() }
        return DNSName(labels: [label + suffix, "local"])
    }

    /// The unique records (SRV, TXT, A, AAAA) for `interface`.
    func uniqueRecords(on interface: MulticastInterface) -> [DNSRecord] {
        [DNSRecord(name: instanceName, ttl: Self.hostTTL, data: .srv(priority: 0, weight: 0, port: port, target: hostName),
                   cacheFlush: true),
         DNSRecord(name: instanceName, ttl: Self.otherTTL, data: .txt(text), cacheFlush: true)]
            + addressRecords(on: interface)
    }

    /// The host's A record and its non-link-local AAAA records on `interface`.
    func addressRecords(on interface: MulticastInterface) -> [DNSRecord] {
        [DNSRecord(name: hostName, ttl: Self.hostTTL, data: .a(interface.address), cacheFlush: true)]
            + interface.addresses6.filter { !($0[0] == 0xFE && $0[1] & 0xC0 == 0x80) }.map {
                DNSRecord(name: hostName, ttl: Self.hostTTL, data: .aaaa($0), cacheFlush: true)
            }
    }

    /// The shared PTR records.
    var sharedRecords: [DNSRecord] {
        [DNSRecord(name: Self.service, ttl: Self.otherTTL, data: .ptr(instanceName)),
         DNSRecord(name: Self.serviceTypes, ttl: Self.otherTTL, data: .ptr(Self.service))]
    }

    /// Every record, for announcements and (with TTL 0) goodbyes.
    func allRecords(on interface: MulticastInterface) -> [DNSRecord] {
        sharedRecords + uniqueRecords(on: interface)
    }

    /// NSEC records saying which types the instance and host names have, so an asker for anything
    /// else (AAAA on an IPv4-only host, say) knows at once there is none (RFC 6762 §6.1).
    func negativeRecords(on interface: MulticastInterface) -> [DNSRecord] {
        let hostTypes = addressRecords(on: interface).map(\.type)
        return [DNSRecord(name: instanceName, ttl: Self.hostTTL,
                          data: .nsec(next: instanceName, types: [DNSRecord.RecordType.txt, DNSRecord.RecordType.srv]),
                          cacheFlush: true),
                DNSRecord(name: hostName, ttl: Self.hostTTL, data: .nsec(next: hostName, types: Array(Set(hostTypes)).sorted()),
                          cacheFlush: true)]
    }

    /// The probe query for both names (RFC 6762 §8.1): questions of type ANY, the records wanted in
    /// the authority section; the first asks for unicast replies.
    func probe(on interface: MulticastInterface, first: Bool) -> DNSMessage {
        DNSMessage(questions: [DNSQuestion(name: instanceName, type: DNSRecord.RecordType.any, unicastResponse: first),
                               DNSQuestion(name: hostName, type: DNSRecord.RecordType.any, unicastResponse: first)],
                   authorities: uniqueRecords(on: interface).map { var record = $0; record.cacheFlush = false; return record })
    }

    /// What answers `question`: the answers and the additional records RFC 6763 §12 suggests.
    func answers(to question: DNSQuestion, on interface: MulticastInterface) -> (answers: [DNSRecord], additionals: [DNSRecord]) {
        let unique = uniqueRecords(on: interface)
        let instanceRecords = unique.filter { $0.name == instanceName }
        let addresses = addressRecords(on: interface)
        let negative = negativeRecords(on: interface)
        let direct = (sharedRecords + unique).filter { question.isAnswered(by: $0) }
        if question.name == Self.service, question.type == DNSRecord.RecordType.ptr || question.type == DNSRecord.RecordType.any {
            return (direct, instanceRecords + addresses + negative)
        }
        if question.name == instanceName {
            return (direct, (direct.isEmpty ? negative.prefix(1) : []) + addresses + negative.suffix(1))
        }
        if question.name == hostName {
            return (direct, direct.isEmpty ? negative.suffix(1) : [])
        }
        return (direct, [])
    }

    /// Whether `record`, heard from elsewhere, claims one of our unique names with other data:
    /// another service with our instance name, or another host with our host name. Address records
    /// of this machine (Avahi announcing the same host, say) and other types at the host name (HINFO)
    /// are no conflict.
    func conflicts(_ record: DNSRecord, on interface: MulticastInterface, machineAddresses: Set<[UInt8]>) -> Bool {
        guard record.ttl > 0 else { return false }
        if record.name == instanceName, record.type == DNSRecord.RecordType.srv || record.type == DNSRecord.RecordType.txt {
            return !uniqueRecords(on: interface).contains { $0.sameData(as: record) }
        }
        if record.name == hostName {
            switch record.data {
            case .a(let address), .aaaa(let address): return !machineAddresses.contains(address)
            default: return false
            }
        }
        return false
    }
}
