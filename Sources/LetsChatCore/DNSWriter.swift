/// Writes a DNS message's fields in order, compressing names against those already written.
struct DNSWriter {
    /// The message so far.
    private(set) var bytes: [UInt8] = []
    /// Where each name suffix (labels folded to lower case) was first written, for pointers.
    private var suffixes: [[String]: Int] = [:]

    /// An empty message.
    init() {}

    /// Appends one byte.
    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a 16-bit number, network order.
    mutating func uint16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    /// Appends a 32-bit number, network order.
    mutating func uint32(_ value: UInt32) {
        uint16(UInt16(value >> 16))
        uint16(UInt16(value & 0xFFFF))
    }

    /// Appends `name`, ending in a pointer to an earlier copy of its longest known suffix when
    /// `compress` allows. Labels over 63 bytes are cut and empty ones left out, so anything written
    /// can be read back.
    mutating func name(_ name: DNSName, compress: Bool = true) {
        let labels = name.labels.map { Array($0.utf8.prefix(63)) }.filter { !$0.isEmpty }
        let folded = DNSName(labels: labels.map { String(decoding: $0, as: UTF8.self) }).folded
        for index in labels.indices {
            let suffix = Array(folded[index...])
            if compress, let earlier = suffixes[suffix] {
                uint16(0xC000 | UInt16(earlier))
                return
            }
            if bytes.count < 0x3FFF && suffixes[suffix] == nil { suffixes[suffix] = bytes.count }
            byte(UInt8(labels[index].count))
            bytes += labels[index]
        }
        byte(0)
    }

    /// Appends a question.
    mutating func question(_ question: DNSQuestion) {
        name(question.name)
        uint16(question.type)
        uint16(question.questionClass & 0x7FFF | (question.unicastResponse ? 0x8000 : 0))
    }

    /// Appends a resource record, its data length filled in after the data.
    mutating func record(_ record: DNSRecord) {
        name(record.name)
        uint16(record.type)
        uint16(record.recordClass & 0x7FFF | (record.cacheFlush ? 0x8000 : 0))
        uint32(record.ttl)
        let lengthAt = bytes.count
        uint16(0)
        recordData(record.data)
        let length = bytes.count - lengthAt - 2
        bytes[lengthAt] = UInt8(length >> 8)
        bytes[lengthAt + 1] = UInt8(length & 0xFF)
    }

    private mutating func recordData(_ data: DNSRecord.RecordData) {
        switch data {
        case .a(let address), .aaaa(let address):
            bytes += address
        case .ptr(let target):
            name(target)
        case .srv(let priority, let weight, let port, let target):
            uint16(priority)
            uint16(weight)
            uint16(port)
            name(target)
        case .txt(let strings):
            for string in strings.isEmpty ? [""] : strings {
                let utf8 = Array(string.utf8.prefix(255))
                byte(UInt8(utf8.count))
                bytes += utf8
            }
        case .nsec(let next, let types):
            // RFC 6762 §18.14: the next-name field is never compressed.
            name(next, compress: false)
            let windows = Dictionary(grouping: Set(types), by: { $0 >> 8 })
            for window in windows.keys.sorted() {
                let low = windows[window]!.map { Int($0 & 0xFF) }
                var bitmap = [UInt8](repeating: 0, count: low.max()! / 8 + 1)
                for type in low { bitmap[type / 8] |= 0x80 >> UInt8(type % 8) }
                byte(UInt8(window))
                byte(UInt8(bitmap.count))
                bytes += bitmap
            }
        case .unknown(_, let raw):
            bytes += raw.prefix(0xFFFF)
        }
    }
}
