/// What a connection's first bytes say it speaks: TLS or plain text (Resources/doc/wire.md,
/// "TLS on the same port").
///
/// A TLS client always speaks first, with a handshake record: content type 0x16, version 3.x,
/// a length, and a ClientHello (handshake type 1). No IRC command, nickname or typed line starts
/// with 0x16 (ASCII SYN), so the first byte alone decides; the next five confirm it, so that bytes
/// that only begin like TLS are refused with a reason instead of being handed to OpenSSL.
public enum FirstBytes: Equatable, Sendable {
    /// A TLS ClientHello record begins here.
    case tls
    /// Anything else: IRC, a text client, or bytes the plain-text sessions deal with.
    case plain
    /// It starts with the TLS handshake byte but is not a ClientHello record; the reason, for the log.
    case notTLS(String)
    /// Too few bytes to tell yet.
    case needMore

    /// The first byte of a TLS handshake record.
    public static let handshakeRecord: UInt8 = 0x16
    /// How many bytes decide: the record header (5) and the handshake type.
    public static let decidingCount = 6
    /// The longest plaintext record TLS allows (2^14 bytes); a ClientHello is never encrypted.
    public static let maxRecordLength = 16384
    /// A fatal TLS `decode_error` alert, the one answer to bytes that begin like TLS and are not.
    public static let decodeErrorAlert: [UInt8] = [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x32]

    /// Classifies the first bytes of a connection, which may be fewer than `decidingCount`.
    public static func classify<Bytes: Collection>(_ bytes: Bytes) -> FirstBytes where Bytes.Element == UInt8 {
        var header: [UInt8] = []
        header.reserveCapacity(decidingCount)
        for byte in bytes.prefix(decidingCount) { header.append(byte) }
        guard let first = header.first else { return .needMore }
        guard first == handshakeRecord else { return .plain }
        if header.count > 1 && header[1] != 0x03 {
            return .notTLS("record version \(hex(header[1])) is not 3.x")
        }
        if header.count > 2 && header[2] > 0x04 {
            return .notTLS("record version 3.\(header[2]) is unknown")
        }
        if header.count > 4 {
            let length = Int(header[3]) << 8 | Int(header[4])
            if length == 0 || length > maxRecordLength {
                return .notTLS("a record of \(length) bytes (TLS allows 1 to \(maxRecordLength))")
            }
        }
        if header.count > 5 && header[5] != 0x01 {
            return .notTLS("handshake message \(hex(header[5])) is not a ClientHello")
        }
        return header.count == decidingCount ? .tls : .needMore
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "0x" + String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
