#if canImport(Glibc)
import Glibc
#endif
@testable import LetsChatServer
import Testing

/// The transport seam: what sits above it works with any transport, and the plain one is the socket.
@Suite struct PlainTransportTests {
    /// A transport that already holds its peer's bytes, as a TLS transport holds decrypted ones: its
    /// descriptor is never readable, so only the seam's own calls can find them.
    private final class HeldBytesTransport: Transport, @unchecked Sendable {
        // Used by the test's one thread only.
        private var held: [UInt8]
        init(_ text: String) { held = Array(text.utf8) }
        var descriptor: Int32 { -1 }
        var hasBufferedInput: Bool { !held.isEmpty }
        func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
            let count = min(buffer.count, held.count, 3)
            buffer.copyBytes(from: held.prefix(count))
            held.removeFirst(count)
            return count
        }
        func waitReadable(milliseconds: Int32) -> Bool { true }
        func sendAll(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {}
        func sendAvailable(_ bytes: [UInt8]) throws(SocketError) -> Int { bytes.count }
        func shutdown() {}
        func shutdownReading() -> Bool { true }
        func shutdownWriting() {}
        func close() {}
    }

    @Test func aReaderTakesLinesFromATransportThatHoldsThemWithoutTouchingItsDescriptor() {
        var reader = LineReader(transport: HeldBytesTransport("NICK alice\r\nUSER a 0 * :A\r\n"), maxLineBytes: 100)
        #expect(reader.next(milliseconds: 1000) == .line(Array("NICK alice".utf8)))
        #expect(reader.next(milliseconds: 1000) == .line(Array("USER a 0 * :A".utf8)))
        #expect(reader.next(milliseconds: 1000) == .closed)
    }

    @Test func theFirstLineDecidesTheKindWhateverTheTransportAndNothingAfterItIsLost() {
        let transport = HeldBytesTransport("bob\nhello\nthere\n")
        let start = ConnectionStart.detect(on: transport, detectMilliseconds: 0, lineMilliseconds: 1000)
        guard case .textWithNickname(let nickname, let buffered) = start else {
            Issue.record("not a piped text client: \(start)")
            return
        }
        #expect(nickname == Array("bob".utf8))
        var reader = LineReader(transport: transport, maxLineBytes: 100, buffered: buffered)
        #expect(reader.next(milliseconds: 1000) == .line(Array("hello".utf8)))
        #expect(reader.next(milliseconds: 1000) == .line(Array("there".utf8)))
    }

    @Test func thePlainTransportIsItsSocketUnderneath() throws {
        var fds: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let server = PlainTransport(Socket(fd: fds[0]))
        let client = PlainTransport(Socket(fd: fds[1]))
        defer { server.close(); client.close() }
        #expect(server.descriptor == fds[0])
        #expect(!server.waitReadable(milliseconds: 0))
        try client.sendAll("hi")
        #expect(server.waitReadable(milliseconds: 1000))
        #expect(!server.hasBufferedInput, "plain text holds nothing back")
        var buffer = [UInt8](repeating: 0, count: 8)
        let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try server.receive(into: raw) }
        #expect(Array(buffer.prefix(count)) == Array("hi".utf8))
        client.shutdownWriting()
        let end = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try server.receive(into: raw) }
        #expect(end == 0)
    }
}
