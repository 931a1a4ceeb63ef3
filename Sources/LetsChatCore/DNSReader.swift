/// Reads a DNS message's fields in order; every read checks the bounds and throws, never traps.
struct DNSReader {
    /// Pointers followed in one name at most; each must also point before the last, so a loop ends anyway.
    static let maxPointerHops = 64

    /// The whole message (names may point anywhere before themselves in it).
    let bytes: [UInt8]
    /// Where the next read starts.
    var offset = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes not read yet.
    var remaining: Int {
        bytes.count - offset
    }

    /// The next byte.
    mutating func byte() throws(DNSError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next 16-bit number, network order.
    mutating func uint16() throws(DNSError) -> UInt16 {
        UInt16(try byte()) << 8 | UInt16(try byte())
    }

    /// The next 32-bit number, network order.
    mutating func uint32() throws(DNSError) -> UInt32 {
        UInt32(try uint16()) << 16 | UInt32(try uint16())
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int) throws(DNSError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// The next name, following compression pointers (RFC 1035 §4.1.4).
    ///
    /// Each pointer must point before the part of the name read so far, and at most
    /// `maxPointerHops` are followed, so a pointer loop is an error, not a hang. A label whose text
    /// (invalid UTF-8 replaced) is over 63 bytes, or a name over 255, is refused.
    mutating func name() throws(DNSError) -> DNSName {
        var labels: [String] = []
        var position = offset
        var segmentStart = offset
        var length = 1
        var hops = 0
        var jumped = false
        while true {
            guard position < bytes.count else { throw .truncated }
            let head = bytes[position]
            switch head & 0xC0 {
            case 0x00:
                if head == 0 {
                    if !jumped { offset = position + 1 }
                    return DNSName(labels: labels)
                }
                let count = Int(head)
                guard position + 1 + count <= bytes.count else { throw .truncated }
                let label = String(decoding: bytes[position + 1..<position + 1 + count], as: UTF8.self)
                guard label.utf8.count <= 63 else { throw .badLabel }
                length += 1 + label.utf8.count
                guard length <= 255 else { throw .nameTooLong }
                labels.append(label)
                position += 1 + count
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated }
                let target = Int(head & 0x3F) << 8 | Int(bytes[position + 1])
                hops += 1
                guard target < segmentStart, hops <= Self.maxPointerHops else { throw .badPointer }
                if !jumped { offset = position + 2 }
                jumped = true
                segmentStart = target
                position = target
            default:
                throw .badLabel
            }
        }
    }

    /// The next question.
    mutating func question() throws(DNSError) -> DNSQuestion {
        let name = try name()
        let type = try uint16()
        let rawClass = try uint16()
        return DNSQuestion(name: name, type: type, unicastResponse: rawClass & 0x8000 != 0, questionClass: rawClass & 0x7FFF)
    }

    /// The next resource record; its data must fill exactly the length it declares.
    mutating func record() throws(DNSError) -> DNSRecord {
        let name = try name()
        let type = try uint16()
        let rawClass = try uint16()
        let ttl = try uint32()
        let length = Int(try uint16())
        guard length <= remaining else { throw .truncated }
        let end = offset + length
        let data = try recordData(type: type, length: length)
        guard offset == end else { throw .badRecordData(type: type) }
        return DNSRecord(name: name, ttl: ttl, data: data, cacheFlush: rawClass & 0x8000 != 0, recordClass: rawClass & 0x7FFF)
    }

    private mutating func recordData(type: UInt16, length: Int) throws(DNSError) -> DNSRecord.RecordData {
        let end = offset + length
        switch type {
        case DNSRecord.RecordType.a:
            guard length == 4 else { throw .badRecordData(type: type) }
            return .a(try take(4))
        case DNSRecord.RecordType.aaaa:
            guard length == 16 else { throw .badRecordData(type: type) }
            return .aaaa(try take(16))
        case DNSRecord.RecordType.ptr:
            let target = try name()
            guard offset <= end else { throw .badRecordData(type: type) }
            return .ptr(target)
        case DNSRecord.RecordType.srv:
            guard length >= 7 else { throw .badRecordData(type: type) }
            let priority = try uint16()
            let weight = try uint16()
            let port = try uint16()
            let target = try name()
            guard offset <= end else { throw .badRecordData(type: type) }
            return .srv(priority: priority, weight: weight, port: port, target: target)
        case DNSRecord.RecordType.txt:
            var strings: [String] = []
            while offset < end {
                let count = Int(try byte())
                guard offset + count <= end else { throw .badRecordData(type: type) }
                let string = String(decoding: try take(count), as: UTF8.self)
                guard string.utf8.count <= 255 else { throw .badRecordData(type: type) }
                strings.append(string)
            }
            // Empty data means one empty string (RFC 6763 §6.1), which is also how it is written.
            return .txt(strings.isEmpty ? [""] : strings)
        case DNSRecord.RecordType.nsec:
            let next = try name()
            guard offset <= end else { throw .badRecordData(type: type) }
            var types = Set<UInt16>()
            while offset < end {
                let window = UInt16(try byte())
                let count = Int(try byte())
                guard (1...32).contains(count), offset + count <= end else { throw .badRecordData(type: type) }
                for (index, bits) in try take(count).enumerated() {
                    for bit in 0..<8 where bits & (0x80 >> bit) != 0 {
                        types.insert(window << 8 | UInt16(index * 8 + bit))
                    }
                }
            }
            return .nsec(next: next, types: types.sorted())
        default:
            return .unknown(type: type, bytes: try take(length))
        }
    }
}
