/// A DNS message (RFC 1035 §4) as multicast DNS uses it: a header, questions, and answer,
/// authority and additional records. A pure codec: no I/O.
///
/// `init(parsing:)` reads any bytes a LAN may deliver: hostile input (truncated messages, counts that
/// lie, pointer loops, over-long names) throws a `DNSError` and never traps or loops.
/// `serialized()` compresses names.
public struct DNSMessage: Hashable, Sendable {
    /// Flags of a multicast DNS response: QR (a response) and AA (authoritative).
    public static let responseFlags: UInt16 = 0x8400

    /// The message id; 0 in multicast DNS.
    public var id: UInt16
    /// The header's flag bits (QR, opcode, AA, TC, RD, RA, Z, RCODE).
    public var flags: UInt16
    /// The questions.
    public var questions: [DNSQuestion]
    /// The answer records (in a query: the answers the asker already knows).
    public var answers: [DNSRecord]
    /// The authority records (in a probe: the records the prober wants to own).
    public var authorities: [DNSRecord]
    /// The additional records.
    public var additionals: [DNSRecord]

    /// A message with the given parts; a query unless `flags` says otherwise.
    public init(id: UInt16 = 0, flags: UInt16 = 0, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
                authorities: [DNSRecord] = [], additionals: [DNSRecord] = []) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// Whether the QR bit says this is a response.
    public var isResponse: Bool {
        flags & 0x8000 != 0
    }

    /// The opcode; multicast DNS ignores messages whose opcode is not 0 (a standard query).
    public var opcode: UInt16 {
        flags >> 11 & 0xF
    }

    /// Every record of the answer, authority and additional sections, in order.
    public var allRecords: [DNSRecord] {
        answers + authorities + additionals
    }

    /// Reads a message; throws when the bytes are not one (sections shorter than their counts say,
    /// records whose data does not fit their type, bad names). Bytes after the last record are ignored.
    public init(parsing bytes: [UInt8]) throws(DNSError) {
        var reader = DNSReader(bytes)
        id = try reader.uint16()
        flags = try reader.uint16()
        let questionCount = try reader.uint16()
        let answerCount = try reader.uint16()
        let authorityCount = try reader.uint16()
        let additionalCount = try reader.uint16()
        // No capacity is reserved from the counts: they may lie, and each entry is read before it is kept.
        questions = []
        for _ in 0..<questionCount { questions.append(try reader.question()) }
        answers = []
        for _ in 0..<answerCount { answers.append(try reader.record()) }
        authorities = []
        for _ in 0..<authorityCount { authorities.append(try reader.record()) }
        additionals = []
        for _ in 0..<additionalCount { additionals.append(try reader.record()) }
    }

    /// The message's bytes, names compressed. Sections past 65 535 entries are cut.
    public func serialized() -> [UInt8] {
        var writer = DNSWriter()
        let questions = questions.prefix(0xFFFF)
        let sections = [answers, authorities, additionals].map { $0.prefix(0xFFFF) }
        writer.uint16(id)
        writer.uint16(flags)
        writer.uint16(UInt16(questions.count))
        for section in sections { writer.uint16(UInt16(section.count)) }
        for question in questions { writer.question(question) }
        for section in sections {
            for record in section { writer.record(record) }
        }
        return writer.bytes
    }
}
