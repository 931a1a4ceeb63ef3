#if canImport(Glibc)
import Glibc
#endif
import LetsChatServer
import Testing

/// The socket calls the server makes.
@Suite struct SocketTests {
    @Test func anAcceptedConnectionIsNotInheritedByProgramsTheServerStarts() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try Socket.connect(host: "127.0.0.1", port: listener.localPort)
        defer { client.close() }
        let (accepted, peer) = try listener.accept()
        defer { accepted.close() }
        #expect(peer == "127.0.0.1")
        #expect(fcntl(accepted.fd, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test func peekingShowsTheFirstBytesWithoutTakingThemOrWaiting() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try Socket.connect(host: "127.0.0.1", port: listener.localPort)
        defer { client.close() }
        let (accepted, _) = try listener.accept()
        defer { accepted.close() }
        #expect(accepted.peek(upTo: 6) == [], "nothing yet, and no wait")
        try client.sendAll("NICK alice\r\n")
        #expect(accepted.waitReadable(milliseconds: 5000))
        #expect(accepted.peek(upTo: 6) == Array("NICK a".utf8))
        #expect(accepted.peek(upTo: 6) == Array("NICK a".utf8), "peeking again sees the same bytes")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try accepted.receive(into: raw) }
        #expect(Array(buffer.prefix(count)) == Array("NICK alice\r\n".utf8), "the bytes are still there to read")
        client.shutdownWriting()
        #expect(accepted.waitReadable(milliseconds: 5000))
        #expect(accepted.peek(upTo: 6) == nil, "the peer closed")
    }
}
