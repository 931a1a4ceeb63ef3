/// One resource record of a DNS message: a name, a class, a time to live and typed data.
///
/// In multicast DNS the top bit of the class is the cache-flush bit (RFC 6762 §10.2): the sender
/// owns every record of this name and type, so older ones in a cache are to be dropped.
public struct DNSRecord: Hashable, Sendable {
    /// Record type numbers LetsChat knows.
    public enum RecordType {
        /// An IPv4 address.
        public static let a: UInt16 = 1
        /// A pointer to another name (DNS-SD: a service type to its instances).
        public static let ptr: UInt16 = 12
        /// Text strings (DNS-SD: `key=value` pairs).
        public static let txt: UInt16 = 16
        /// An IPv6 address.
        public static let aaaa: UInt16 = 28
        /// A service's host and port.
        public static let srv: UInt16 = 33
        /// The types a name has (multicast DNS: a negative answer).
        public static let nsec: UInt16 = 47
        /// Every type (questions only).
        public static let any: UInt16 = 255
    }

    /// The data of a record, by type.
    public enum RecordData: Hashable, Sendable {
        /// An IPv4 address, 4 bytes.
        case a([UInt8])
        /// An IPv6 address, 16 bytes.
        case aaaa([UInt8])
        /// The name pointed to.
        case ptr(DNSName)
        /// Priority, weight, port and the host that serves.
        case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
        /// Character strings of up to 255 bytes each (DNS-SD: `key=value`).
        case txt([String])
        /// The next name and the types that exist at this one.
        case nsec(next: DNSName, types: [UInt16])
        /// Data of any other type, kept as it came.
        case unknown(type: UInt16, bytes: [UInt8])

        /// The type number this data belongs to.
        public var type: UInt16 {
            switch self {
            case .a: RecordType.a
            case .aaaa: RecordType.aaaa
            case .ptr: RecordType.ptr
            case .srv: RecordType.srv
            case .txt: RecordType.txt
            case .nsec: RecordType.nsec
            case .unknown(let type, _): type
            }
        }
    }

    /// The owner name.
    public var name: DNSName
    /// The class without the cache-flush bit; 1 (IN) in practice.
    public var recordClass: UInt16
    /// Whether the cache-flush bit is set.
    public var cacheFlush: Bool
    /// Seconds the record may be cached; 0 is a goodbye.
    public var ttl: UInt32
    /// The typed data.
    public var data: RecordData

    /// A record of class IN unless told otherwise.
    public init(name: DNSName, ttl: UInt32, data: RecordData, cacheFlush: Bool = false, recordClass: UInt16 = 1) {
        self.name = name
        self.recordClass = recordClass
        self.cacheFlush = cacheFlush
        self.ttl = ttl
        self.data = data
    }

    /// The type number.
    public var type: UInt16 {
        data.type
    }

    /// Whether `other` is the same record apart from its TTL and cache-flush bit.
    public func sameData(as other: DNSRecord) -> Bool {
        name == other.name && recordClass == other.recordClass && data == other.data
    }

    /// The `key=value` pairs of a TXT record (a key without `=` maps to ""); empty for other types.
    /// Keys are compared ignoring ASCII case (RFC 6763 §6.4); the first occurrence wins.
    public var textPairs: [String: String] {
        guard case .txt(let strings) = data else { return [:] }
        var pairs: [String: String] = [:]
        for string in strings where !string.isEmpty && !string.hasPrefix("=") {
            let key = String(string.prefix { $0 != "=" }).lowercased()
            if pairs[key] == nil { pairs[key] = string.contains("=") ? String(string.drop { $0 != "=" }.dropFirst()) : "" }
        }
        return pairs
    }
}
