/// One question of a DNS message: a name, a type and a class.
///
/// In multicast DNS the top bit of the class asks for a unicast response (RFC 6762 §5.4).
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked about.
    public var name: DNSName
    /// The type asked for (`DNSRecord.RecordType.any` for all).
    public var type: UInt16
    /// The class without the unicast-response bit; 1 (IN) in practice.
    public var questionClass: UInt16
    /// Whether the unicast-response bit is set.
    public var unicastResponse: Bool

    /// A question of class IN unless told otherwise.
    public init(name: DNSName, type: UInt16, unicastResponse: Bool = false, questionClass: UInt16 = 1) {
        self.name = name
        self.type = type
        self.questionClass = questionClass
        self.unicastResponse = unicastResponse
    }

    /// Whether `record` answers this question (same name, matching type and class).
    public func isAnswered(by record: DNSRecord) -> Bool {
        record.name == name && (type == DNSRecord.RecordType.any || type == record.type)
            && (questionClass == 255 || questionClass == record.recordClass)
    }
}
