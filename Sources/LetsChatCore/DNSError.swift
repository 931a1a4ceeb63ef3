/// Why bytes from the network are not a DNS message (RFC 1035, RFC 6762); the message is dropped.
public enum DNSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message ends inside a header, a name, a record or its data (a count may have lied).
    case truncated
    /// A compression pointer points at or after itself, or too many pointers were followed.
    case badPointer
    /// A label is longer than 63 bytes, or uses the reserved label types 01 and 10.
    case badLabel
    /// A name is longer than 255 bytes on the wire.
    case nameTooLong
    /// A record's data does not have the length or form its type requires.
    case badRecordData(type: UInt16)

    public var description: String {
        switch self {
        case .truncated: "DNS message truncated"
        case .badPointer: "DNS name compression pointer loops or points forward"
        case .badLabel: "DNS label over 63 bytes or of a reserved type"
        case .nameTooLong: "DNS name over 255 bytes"
        case .badRecordData(let type): "DNS record data of type \(type) malformed"
        }
    }
}
