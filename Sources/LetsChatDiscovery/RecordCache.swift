#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// The records a browser has heard, each until its TTL runs out, and the rooms they describe.
///
/// Plain data with an explicit clock (`now`, monotonic seconds), so it is tested without a network.
/// Goodbyes (TTL 0) and records flushed by a newer cache-flush record are kept one more second, as
/// RFC 6762 §10.1 and §10.2 say, then dropped.
struct RecordCache {
    /// One cached record and its times.
    struct Entry {
        /// The record as last received.
        var record: DNSRecord
        /// When it was last received.
        var received: Double
        /// When it stops counting.
        var expires: Double
        /// Whether a query to refresh it (at 80 % of its TTL) has been sent.
        var refreshAsked = false
    }

    /// Entries by record with TTL 0 and no cache-flush bit (the record's identity).
    private(set) var entries: [DNSRecord: Entry] = [:]

    /// An empty cache.
    init() {}

    /// The most records kept, so a flood of made-up records cannot grow the cache without bound.
    static let capacity = 4096

    /// Takes in the records of a response received at `now`.
    mutating func add(_ records: [DNSRecord], now: Double) {
        for record in records where record.cacheFlush && record.ttl > 0 {
            for (key, entry) in entries where key.name == record.name && key.type == record.type
                && key.recordClass == record.recordClass && !key.sameData(as: record) && entry.received < now - 1 {
                entries[key]?.expires = min(entry.expires, now + 1)
            }
        }
        for record in records {
            let key = Self.key(record)
            if record.ttl == 0 {
                if let old = entries[key] { entries[key]?.expires = min(old.expires, now + 1) }
            } else if entries[key] != nil || entries.count < Self.capacity {
                entries[key] = Entry(record: record, received: now, expires: now + Double(record.ttl))
            }
        }
    }

    /// Drops what has expired at `now`; true if anything was dropped.
    mutating func expire(now: Double) -> Bool {
        let before = entries.count
        entries = entries.filter { $0.value.expires > now }
        return entries.count != before
    }

    /// When the next entry expires or is due for a refresh query, if any.
    var nextEvent: Double? {
        entries.values.map { $0.refreshAsked ? $0.expires : min($0.expires, refreshTime($0)) }.min()
    }

    /// The questions that refresh entries at 80 % of their TTL at `now`; marks them asked.
    mutating func refreshQuestions(now: Double) -> [DNSQuestion] {
        var questions: Set<DNSQuestion> = []
        for (key, entry) in entries where !entry.refreshAsked && refreshTime(entry) <= now && entry.expires > now {
            entries[key]?.refreshAsked = true
            questions.insert(DNSQuestion(name: key.name, type: key.type))
        }
        return Array(questions)
    }

    /// Records that answer `question` with more than half their TTL left at `now`, for known-answer
    /// suppression (RFC 6762 §7.1), with their remaining TTL.
    func knownAnswers(to question: DNSQuestion, now: Double) -> [DNSRecord] {
        entries.values.compactMap { entry in
            let left = entry.expires - now
            guard question.isAnswered(by: entry.record), left > Double(entry.record.ttl) / 2 else { return nil }
            var record = entry.record
            record.ttl = UInt32(left)
            return record
        }
    }

    /// The rooms of service type `service`: each instance with a PTR and an SRV, its TXT and addresses.
    func rooms(of service: DNSName) -> [DiscoveredRoom] {
        records(named: service, type: DNSRecord.RecordType.ptr).compactMap { record -> DiscoveredRoom? in
            guard case .ptr(let instance) = record.data,
                  let srv = records(named: instance, type: DNSRecord.RecordType.srv).first,
                  case .srv(_, _, let port, let target) = srv.data else { return nil }
            let text = records(named: instance, type: DNSRecord.RecordType.txt).first?.textPairs ?? [:]
            let v4 = records(named: target, type: DNSRecord.RecordType.a).compactMap { Self.numeric($0.data) }.sorted()
            let v6 = records(named: target, type: DNSRecord.RecordType.aaaa).compactMap { Self.numeric($0.data) }.sorted()
            // Names and text come from anyone on the LAN: nothing in them may steer a terminal or break a line.
            let clean = { (text: String) in TextSanitizer.clean(text, keepFormatting: false) }
            return DiscoveredRoom(instanceName: clean(instance.first), hostName: clean(target.description), addresses: v4 + v6,
                                  port: port, channel: text["channel"].flatMap { $0.isEmpty ? nil : clean($0) },
                                  tlsFingerprint: text["tls"].flatMap(Self.fingerprint),
                                  isLetsChat: text["server"]?.lowercased() == "letschat")
        }.sorted { ($0.instanceName.lowercased(), $0.hostName) < ($1.instanceName.lowercased(), $1.hostName) }
    }

    /// What is still to be asked to complete the rooms of `service`: SRV and TXT of instances
    /// without them, A of hosts without an address.
    func missingQuestions(for service: DNSName) -> [DNSQuestion] {
        var questions: [DNSQuestion] = []
        for record in records(named: service, type: DNSRecord.RecordType.ptr) {
            guard case .ptr(let instance) = record.data else { continue }
            let srv = records(named: instance, type: DNSRecord.RecordType.srv).first
            if srv == nil { questions.append(DNSQuestion(name: instance, type: DNSRecord.RecordType.srv)) }
            if records(named: instance, type: DNSRecord.RecordType.txt).isEmpty {
                questions.append(DNSQuestion(name: instance, type: DNSRecord.RecordType.txt))
            }
            if case .srv(_, _, _, let target)? = srv?.data, records(named: target, type: DNSRecord.RecordType.a).isEmpty,
               records(named: target, type: DNSRecord.RecordType.aaaa).isEmpty {
                questions.append(DNSQuestion(name: target, type: DNSRecord.RecordType.a))
            }
        }
        return questions
    }

    private func records(named name: DNSName, type: UInt16) -> [DNSRecord] {
        entries.values.filter { $0.record.name == name && $0.record.type == type }
            .sorted { $0.received > $1.received }.map(\.record)
    }

    private func refreshTime(_ entry: Entry) -> Double {
        entry.expires - Double(entry.record.ttl) * 0.2
    }

    private static func key(_ record: DNSRecord) -> DNSRecord {
        DNSRecord(name: record.name, ttl: 0, data: record.data, recordClass: record.recordClass)
    }

    /// A `tls=` value as 64 upper-case hex digits (colons between bytes allowed), or nil when it is not a SHA-256.
    static func fingerprint(_ value: String) -> String? {
        let digits = value.uppercased().filter { $0 != ":" }
        return digits.count == 64 && digits.allSatisfy(\.isHexDigit) ? digits : nil
    }

    /// An address record's text: dotted IPv4, or IPv6 without brackets; nil for link-local IPv6,
    /// which cannot be used without knowing the interface.
    static func numeric(_ data: DNSRecord.RecordData) -> String? {
        let family: Int32
        let bytes: [UInt8]
        switch data {
        case .a(let address) where address.count == 4: (family, bytes) = (AF_INET, address)
        case .aaaa(let address) where address.count == 16 && !(address[0] == 0xFE && address[1] & 0xC0 == 0x80):
            (family, bytes) = (AF_INET6, address)
        default: return nil
        }
        var text = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
