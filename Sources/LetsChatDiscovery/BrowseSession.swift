import LetsChatCore

/// The browser's protocol state on its loop thread: when to ask, what to ask, the cache, the list.
///
/// Queries go out at once, then after 1, 2, 4… seconds up to an hour (RFC 6762 §5.2), each with
/// the PTR answers already known (§7.1). A response that leaves a room incomplete makes it ask for
/// the rest 20 ms later; one question is not asked twice within a second.
final class BrowseSession: DiscoveryHandler {
    private let socket: MulticastSocket
    private let onChange: ([DiscoveredRoom]) -> Void
    private let service = RoomBrowser.serviceType
    private var cache = RecordCache()
    private var rooms: [DiscoveredRoom] = []
    private var nextQuery = 0.0
    private var interval = 1.0
    private var followUp: Double?
    private var lastAsked: [DNSQuestion: Double] = [:]

    /// A session that asks through `socket` and reports each new list to `onChange`.
    init(socket: MulticastSocket, onChange: @escaping ([DiscoveredRoom]) -> Void) {
        self.socket = socket
        self.onChange = onChange
    }

    func received(_ datagram: MulticastSocket.Datagram, now: Double) {
        guard let message = try? DNSMessage(parsing: datagram.bytes), message.isResponse, message.opcode == 0,
              datagram.sourcePort == MulticastSocket.port else { return }
        cache.add(message.allRecords, now: now)
        if !cache.missingQuestions(for: service).isEmpty && followUp == nil { followUp = now + 0.02 }
        publish()
    }

    func due(now: Double) -> Double? {
        if cache.expire(now: now) { publish() }
        var questions: [DNSQuestion] = []
        if now >= nextQuery {
            questions.append(DNSQuestion(name: service, type: DNSRecord.RecordType.ptr))
            nextQuery = now + interval
            interval = min(interval * 2, 3600)
        }
        if let followUp, now >= followUp {
            questions += cache.missingQuestions(for: service)
            self.followUp = nil
        }
        questions += cache.refreshQuestions(now: now)
        ask(questions, now: now)
        return [nextQuery, followUp, cache.nextEvent].compactMap { $0 }.min()
    }

    func interfacesChanged(now: Double) {
        // A new network: ask there at once, and again after 1, 2, 4… seconds.
        nextQuery = now
        interval = 1
    }

    func finish() {}

    private func ask(_ questions: [DNSQuestion], now: Double) {
        var fresh: [DNSQuestion] = []
        for question in questions where !fresh.contains(question) && (lastAsked[question].map { now - $0 >= 1 } ?? true) {
            fresh.append(question)
            lastAsked[question] = now
        }
        lastAsked = lastAsked.filter { now - $0.value < 1 }
        guard !fresh.isEmpty else { return }
        let known = fresh.flatMap { cache.knownAnswers(to: $0, now: now) }.prefix(40)
        let bytes = DNSMessage(questions: fresh, answers: Array(known)).serialized()
        for interface in socket.interfaces { socket.sendMulticast(bytes, on: interface) }
    }

    private func publish() {
        let found = cache.rooms(of: service)
        guard found != rooms else { return }
        rooms = found
        onChange(found)
    }
}
