#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore

/// The responder's protocol state on its loop thread (RFC 6762 §8, §6, §10.1): probe, announce,
/// answer, say goodbye.
///
/// Probing: after a random 0–250 ms, three probes 250 ms apart; a conflicting response renames
/// (`… (2)`) and starts again; a simultaneous probe for our name with lexicographically later data
/// wins, and we probe again a second later. Announcing: every record, twice, one second apart.
/// Then only queries wake it: answers skip records the asker already knows with at least half
/// their TTL (known-answer suppression, §7.1), and no record is multicast on an interface more than
/// once a second (a quarter second when defending against a probe). Nothing runs on a timer after that.
final class AnnounceSession: DiscoveryHandler {
    private enum Phase {
        case probing(sent: Int)
        case announcing(sent: Int)
        case running
    }

    private let socket: MulticastSocket
    private let log: (String) -> Void
    private let onRename: (String) -> Void
    private var machineAddresses: Set<[UInt8]>
    private var records: ServiceRecords
    private var phase = Phase.probing(sent: 0)
    private var next: Double?
    private var conflicts: [Double] = []
    /// When each record was last multicast on each interface (index), for the one-second limit.
    private var lastMulticast: [Int32: [DNSRecord: Double]] = [:]

    /// A session announcing `records` through `socket`; `onRename` hears each new instance label.
    init(socket: MulticastSocket, records: ServiceRecords, log: @escaping (String) -> Void,
         onRename: @escaping (String) -> Void) {
        self.socket = socket
        self.records = records
        self.log = log
        self.onRename = onRename
        machineAddresses = MulticastInterface.machineAddresses()
        next = DiscoveryLoop.now() + Double.random(in: 0...0.25)
    }

    func received(_ datagram: MulticastSocket.Datagram, now: Double) {
        guard let interface = socket.interface(for: datagram.source),
              let message = try? DNSMessage(parsing: datagram.bytes), message.opcode == 0 else { return }
        if message.isResponse {
            guard datagram.sourcePort == MulticastSocket.port else { return }
            let conflicting = message.allRecords.filter {
                records.conflicts($0, on: interface, machineAddresses: machineAddresses)
            }
            if !conflicting.isEmpty {
                rename(instance: conflicting.contains { $0.name == records.instanceName },
                       host: conflicting.contains { $0.name == records.hostName }, now: now)
            }
            return
        }
        guard case .probing = phase else {
            answer(message, from: datagram, on: interface, now: now)
            return
        }
        // Records are not ours to give out until probing is done; a rival probe may make us wait.
        if losesTieBreak(to: message, on: interface) {
            phase = .probing(sent: 0)
            next = now + 1
        }
    }

    func due(now: Double) -> Double? {
        guard let deadline = next, now >= deadline else { return next }
        guard !socket.interfaces.isEmpty else {
            // No network yet: nothing to claim names on; `interfacesChanged` starts probing when one comes.
            phase = .probing(sent: 0)
            next = nil
            return nil
        }
        switch phase {
        case .probing(let sent) where sent < 3:
            for interface in socket.interfaces {
                socket.sendMulticast(records.probe(on: interface, first: sent == 0).serialized(), on: interface)
            }
            phase = .probing(sent: sent + 1)
            next = now + 0.25
        case .probing:
            phase = .announcing(sent: 0)
            next = now
            return self.due(now: now)
        case .announcing(let sent):
            for interface in socket.interfaces { announce(records.allRecords(on: interface), on: interface, now: now) }
            if sent == 0 { log("announcing '\(records.instanceLabel)' on the LAN (DNS-SD _irc._tcp)") }
            phase = sent == 0 ? .announcing(sent: 1) : .running
            next = sent == 0 ? now + 1 : nil
        case .running:
            next = nil
        }
        return next
    }

    func interfacesChanged(now: Double) {
        // New or changed addresses: probe and announce again (RFC 6762 §8.3), on every interface.
        machineAddresses = MulticastInterface.machineAddresses()
        phase = .probing(sent: 0)
        next = now + Double.random(in: 0...0.25)
        lastMulticast = [:]
    }

    func finish() {
        if case .probing = phase { return }
        for interface in socket.interfaces {
            // The host's address records are left to expire: another responder on this machine (Avahi)
            // may announce the very same ones, and a goodbye would take them from caches too.
            let withdrawn = records.allRecords(on: interface).filter { $0.name != records.hostName }
            let goodbyes = withdrawn.map { var record = $0; record.ttl = 0; return record }
            socket.sendMulticast(DNSMessage(flags: DNSMessage.responseFlags, answers: goodbyes).serialized(), on: interface)
        }
    }

    private func announce(_ answers: [DNSRecord], additionals: [DNSRecord] = [], on interface: MulticastInterface, now: Double) {
        guard !answers.isEmpty else { return }
        socket.sendMulticast(DNSMessage(flags: DNSMessage.responseFlags, answers: answers, additionals: additionals).serialized(),
                             on: interface)
        for record in answers + additionals { lastMulticast[interface.index, default: [:]][Self.key(record)] = now }
    }

    private func answer(_ query: DNSMessage, from datagram: MulticastSocket.Datagram, on interface: MulticastInterface,
                        now: Double) {
        var answers: [DNSRecord] = []
        var additionals: [DNSRecord] = []
        for question in query.questions {
            let found = records.answers(to: question, on: interface)
            answers += found.answers.filter { !answers.contains($0) }
            additionals += found.additionals.filter { !additionals.contains($0) }
        }
        // Known-answer suppression: the asker has these with at least half their TTL left.
        answers.removeAll { mine in query.answers.contains { $0.sameData(as: mine) && $0.ttl >= mine.ttl / 2 } }
        guard !answers.isEmpty else { return }
        additionals.removeAll { extra in answers.contains(extra) }
        if datagram.sourcePort != MulticastSocket.port {
            // A legacy unicast asker (RFC 6762 §6.7): its id and questions back, short TTLs, no cache-flush bits.
            let capped = { (record: DNSRecord) -> DNSRecord in
                var record = record
                record.ttl = min(record.ttl, 10)
                record.cacheFlush = false
                return record
            }
            let reply = DNSMessage(id: query.id, flags: DNSMessage.responseFlags, questions: query.questions,
                                   answers: answers.map(capped), additionals: additionals.map(capped))
            socket.send(reply.serialized(), to: datagram.source, port: datagram.sourcePort)
            return
        }
        if query.questions.contains(where: \.unicastResponse) {
            let reply = DNSMessage(flags: DNSMessage.responseFlags, answers: answers, additionals: additionals)
            socket.send(reply.serialized(), to: datagram.source, port: datagram.sourcePort)
            return
        }
        // A probe for our names is answered within a quarter second; anything else once a second per record.
        let isProbe = !query.authorities.isEmpty
        let interval = isProbe ? 0.25 : 1.0
        let sent = lastMulticast[interface.index] ?? [:]
        answers.removeAll { record in sent[Self.key(record)].map { now - $0 < interval } ?? false }
        announce(answers, additionals: additionals, on: interface, now: now)
    }

    private func rename(instance: Bool, host: Bool, now: Double) {
        conflicts = conflicts.filter { now - $0 < 10 } + [now]
        // Names we announced are withdrawn, so caches do not keep pointing at them.
        finish()
        if host {
            let old = records.hostName
            records.hostNumber += 1
            log("another machine on the LAN is called '\(old)'; using '\(records.hostName)'")
        }
        if instance {
            let old = records.instanceLabel
            records.instanceNumber += 1
            log("another service on the LAN uses the name '\(old)'; announcing as '\(records.instanceLabel)'")
            onRename(records.instanceLabel)
        }
        phase = .probing(sent: 0)
        // More than 15 conflicts in ten seconds: wait five before probing again (RFC 6762 §8.1).
        next = now + (conflicts.count > 15 ? 5 : Double.random(in: 0...0.25))
        lastMulticast = [:]
    }

    /// Simultaneous probing (RFC 6762 §8.2): another host probes for one of our names; the one whose
    /// authority records sort later wins. Our own probes, looped back, are equal and ignored.
    private func losesTieBreak(to query: DNSMessage, on interface: MulticastInterface) -> Bool {
        let names = [records.instanceName, records.hostName]
        guard query.questions.contains(where: { names.contains($0.name) }) else { return false }
        let mine = records.probe(on: interface, first: false).authorities
        for name in names {
            let theirs = Self.canonical(query.authorities.filter { $0.name == name })
            let ours = Self.canonical(mine.filter { $0.name == name })
            if !theirs.isEmpty && theirs != ours && ours.lexicographicallyPrecedes(theirs) { return true }
        }
        return false
    }

    /// Records as (class, type, data bytes), sorted, for the tie-break comparison.
    private static func canonical(_ records: [DNSRecord]) -> [UInt8] {
        records.map { record -> [UInt8] in
            var bare = record
            bare.name = DNSName(labels: [])
            bare.ttl = 0
            bare.cacheFlush = false
            // Header (12), root name (1), type, class, TTL, length (10): what remains is the data.
            let bytes = DNSMessage(answers: [bare]).serialized()
            return [UInt8(record.recordClass >> 8), UInt8(record.recordClass & 0xFF),
                    UInt8(record.type >> 8), UInt8(record.type & 0xFF)] + bytes.dropFirst(23)
        }.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 }
    }

    private static func key(_ record: DNSRecord) -> DNSRecord {
        DNSRecord(name: record.name, ttl: 0, data: record.data, recordClass: record.recordClass)
    }
}
