#if canImport(Glibc)
import Glibc
#endif
@testable import LetsChatServer
import Testing

/// Reading lines from a connection, and settling down whenever the client has nothing more to say.
@Suite struct LineReaderTests {
    /// A connected pair of stream sockets: the server's end and the client's.
    private func connectedPair() throws -> (server: PlainTransport, client: PlainTransport) {
        var fds: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        return (PlainTransport(Socket(fd: fds[0])), PlainTransport(Socket(fd: fds[1])))
    }

    @Test func linesAlreadyHereAreReadWithoutSettlingAndOnlyALongFirstSilenceSettles() throws {
        let (server, client) = try connectedPair()
        defer { server.close(); client.close() }
        nonisolated(unsafe) var settled = 0
        var reader = LineReader(transport: server, maxLineBytes: 100, whenQuiet: { settled += 1 })

        try client.sendAll("one\r\ntwo\r\n")
        #expect(reader.next(milliseconds: 5000) == .line(Array("one".utf8)))
        #expect(reader.next(milliseconds: 5000) == .line(Array("two".utf8)))
        #expect(settled == 0, "bytes were already waiting")

        // A first silence shorter than a second (a client registering among many) does not settle.
        #expect(reader.next(milliseconds: 200) == .timeout)
        #expect(settled == 0)
        #expect(reader.next(milliseconds: LineReader.firstSettleMilliseconds + 200) == .timeout)
        #expect(settled == 1)

        try client.sendAll("three\r\n")
        #expect(reader.next(milliseconds: 5000) == .line(Array("three".utf8)))
        #expect(settled == 1, "the line was already waiting")
        // After the first time, every wait settles at once.
        #expect(reader.next(milliseconds: 50) == .timeout)
        #expect(settled == 2)
    }

    @Test func aReaderThatSettledStillGetsTheLineThatWokeIt() throws {
        let (server, client) = try connectedPair()
        defer { server.close(); client.close() }
        nonisolated(unsafe) var settled = 0
        var reader = LineReader(transport: server, maxLineBytes: 100, whenQuiet: { settled += 1 })
        let sender = ServerThread.start(name: "lc-test", stackSize: 128 * 1024) {
            usleep(useconds_t(LineReader.firstSettleMilliseconds + 300) * 1000)
            try? client.sendAll("late\r\n")
        }
        #expect(sender)
        #expect(reader.next(milliseconds: 10_000) == .line(Array("late".utf8)))
        #expect(settled == 1)
    }

    @Test func aClosedPeerEndsTheReadEvenAfterSettling() throws {
        let (server, client) = try connectedPair()
        defer { server.close() }
        var reader = LineReader(transport: server, maxLineBytes: 100)
        client.close()
        #expect(reader.next(milliseconds: 1000) == .closed)
    }
}
