import LetsChatCore
import Testing

struct FirstBytesTests {
    /// The start of a ClientHello as OpenSSL sends it: handshake record, TLS 1.0 record version, 512 bytes, ClientHello.
    private let clientHello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]

    @Test func aClientHelloIsTLSOnceItsHeaderAndTypeAreIn() {
        #expect(FirstBytes.classify(clientHello) == .tls)
        #expect(FirstBytes.classify(clientHello.prefix(FirstBytes.decidingCount)) == .tls)
    }

    @Test func aClientHelloFedOneByteAtATimeNeedsMoreUntilItDecides() {
        for count in 0..<FirstBytes.decidingCount {
            #expect(FirstBytes.classify(clientHello.prefix(count)) == .needMore, "after \(count) bytes")
        }
    }

    @Test(arguments: ["CAP LS 302\r\n", "NICK alice\r\n", "bob\n", "GET / HTTP/1.1\r\n", "\u{1}ACTION\u{1}", "é"])
    func whatPlainClientsSendIsPlainFromItsFirstByte(text: String) {
        #expect(FirstBytes.classify(Array(text.utf8)) == .plain)
        #expect(FirstBytes.classify(Array(text.utf8).prefix(1)) == .plain)
    }

    @Test func bytesThatOnlyBeginLikeTLSAreRefusedWithAReason() {
        #expect(FirstBytes.classify([0x16, 0x41, 0x42]) == .notTLS("record version 0x41 is not 3.x"))
        #expect(FirstBytes.classify([0x16, 0x03, 0x09]) == .notTLS("record version 3.9 is unknown"))
        #expect(FirstBytes.classify([0x16, 0x03, 0x01, 0x00, 0x00]) == .notTLS("a record of 0 bytes (TLS allows 1 to 16384)"))
        #expect(FirstBytes.classify([0x16, 0x03, 0x01, 0x02, 0x00, 0x02]) == .notTLS("handshake message 0x02 is not a ClientHello"))
    }

    @Test func aRecordLongerThanTLSAllowsIsRefusedFromItsHeader() {
        #expect(FirstBytes.classify([0x16, 0x03, 0x01, 0xFF, 0xFF]) == .notTLS("a record of 65535 bytes (TLS allows 1 to 16384)"))
        #expect(FirstBytes.classify([0x16, 0x03, 0x01, 0x40, 0x00, 0x01]) == .tls, "exactly 2^14 is allowed")
    }

    @Test func theVerdictOfAPrefixHoldsWhateverFollowsIt() {
        let garbage: [UInt8] = [0x16, 0x41] + Array(repeating: 0xAA, count: 100)
        #expect(FirstBytes.classify(garbage.prefix(2)) == FirstBytes.classify(garbage))
    }

    @Test func theRefusalIsAFatalDecodeErrorAlert() {
        #expect(FirstBytes.decodeErrorAlert == [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 50])
    }
}
